/**
 * A house's evaluator gets a benchmark for each of their waves. Two yearly waves whose pools differ by
 * one house the evaluator cannot read would give that house: pooled mean × n of the first minus that
 * of the second. The later benchmark is withheld, on the page and in the summary, whichever is asked first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { compareWave, summaryComparisons } from '../../server/services/compare.js';
import { loadResults } from '../../server/services/results.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';
import { userOf } from './support.js';

const Q = 'stappenmeter-doelbereik';
const DAY = 24 * 3600 * 1000;

let t: TestApp;
let earlier: Wave;
let later: Wave;
const waves: Record<string, Wave> = {};

const at = (days: number) => new Date(t.app.now().getTime() + days * DAY).toISOString();

async function answered(wave: Wave, values: number[]): Promise<void> {
  await storeResponses(t.app, wave, values.map((v, i) => uniformStappenmeter(waveQuestionnaire(wave).variables, v, { Q2: 1 + (i % 2), Q3: 1, Q63: 2 })));
}

beforeAll(async () => {
  t = await createTestApp();
  earlier = await makeWave(t.app, Q, { title: 'Eigen 2024', house: 'Veiligheidshuis Eigen', opens_at: at(-400), closes_at: at(-370) });
  later = await makeWave(t.app, Q, { title: 'Eigen 2025', house_id: earlier.house_id, opens_at: at(-30), closes_at: at(-5) });
  // A and B opened in both default periods, C only in the earlier one; n 6, 7, 8 (no two alike)
  waves.A = await makeWave(t.app, Q, { title: 'Ronde A', house: 'Veiligheidshuis A', opens_at: at(-390), closes_at: at(-380) });
  waves.B = await makeWave(t.app, Q, { title: 'Ronde B', house: 'Veiligheidshuis B', opens_at: at(-385), closes_at: at(-375) });
  waves.C = await makeWave(t.app, Q, { title: 'Ronde C', house: 'Veiligheidshuis C', opens_at: at(-500), closes_at: at(-480) });
  await answered(earlier, [3, 3, 3, 4, 4, 4]);
  await answered(later, [2, 3, 3, 4, 4, 4]);
  await answered(waves.A, [1, 2, 1, 2, 1, 2]);
  await answered(waves.B, [3, 3, 4, 3, 3, 4, 3]);
  await answered(waves.C, [4, 4, 4, 4, 3, 4, 4, 4]);
});
afterAll(async () => t?.close());

const evaluator = () => userOf([{ kind: 'evaluator', houseId: earlier.house_id }], 7);

describe('the benchmarks of a house’s waves together', () => {
  it('withhold the later benchmark whose pool lacks only one unreadable house, whichever page is opened first', async () => {
    const user = evaluator();
    const second = await compareWave(t.app.db, user, later.id, {}, t.app.now());
    const first = await compareWave(t.app.db, user, earlier.id, {}, t.app.now());
    expect(first.houseComparison?.comparison.waves.map((w) => w.house)).toEqual(['Veiligheidshuis A', 'Veiligheidshuis B', 'Veiligheidshuis C']);
    expect(first.houseComparison?.comparison.overall.reference.mean).not.toBeNull();
    expect(second.houseComparison).toBeNull();
    expect(second.benchmarkWithheld).toContain('andere ronde');
    const summary = await summaryComparisons(t.app.db, { user }, await loadResults(t.app.db, later, { breakdowns: false }), t.app.now());
    expect(summary.houses).toBeNull();
    expect(summary.housesWithheld).toBe(second.benchmarkWithheld);
  });

  it('leave who may read every house both benchmarks', async () => {
    const national = userOf('evaluator', 8);
    const second = await compareWave(t.app.db, national, later.id, {}, t.app.now());
    expect(second.houseComparison?.comparison.waves.map((w) => w.house)).toEqual(['Veiligheidshuis A', 'Veiligheidshuis B']);
  });
});
