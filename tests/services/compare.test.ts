/**
 * What a wave is compared with, for whom (services/compare.ts): the comparison page (compareWave) and
 * the summary that opens the results, the report and the workbook (summaryComparisons) go through one
 * rule. Who sees every house gets the other houses one by one; a house's evaluator or coördinator gets
 * them only pooled, and only when at least two other houses take part, so the pooled mean and their
 * own figures never give one other house's mean. The pooled means are checked against analyze() on
 * the pooled responses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { compareWave, MIN_BENCHMARK_HOUSES, summaryComparisons } from '../../server/services/compare.js';
import { loadResults } from '../../server/services/results.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';
import { userOf } from './support.js';

const Q = 'stappenmeter-doelbereik';
const DAY = 24 * 3600 * 1000;

let t: TestApp;
/** The house evaluator's wave, its previous wave, and one wave of each of two other houses. */
let own: Wave;
let previous: Wave;
let first: Wave;
let second: Wave;

async function answered(wave: Wave, values: number[]): Promise<void> {
  const q = waveQuestionnaire(wave);
  await storeResponses(t.app, wave, values.map((v, i) => uniformStappenmeter(q.variables, v, { Q2: 1 + (i % 2), Q3: 1, Q63: 2 })));
}

/** The pooled "Alle aspecten" mean of these waves' responses, as analyze() computes it on them together. */
async function pooledOverall(waves: Wave[]): Promise<number> {
  const responses = (await Promise.all(waves.map((w) => loadWaveResponses(t.app.db, w.id)))).flatMap((r) => r.responses);
  return analyze(waveQuestionnaire(own), responses, { by: [] }).overall.mean!;
}

beforeAll(async () => {
  t = await createTestApp();
  const earlier = new Date(t.app.now().getTime() - 365 * DAY).toISOString();
  own = await makeWave(t.app, Q, { title: 'Eigen ronde', house: 'Veiligheidshuis Eigen' });
  previous = await makeWave(t.app, Q, { title: 'Eigen ronde vorig jaar', house_id: own.house_id, opens_at: earlier, closes_at: new Date(Date.parse(earlier) + 30 * DAY).toISOString() });
  first = await makeWave(t.app, Q, { title: 'Ronde Noord', house: 'Veiligheidshuis Noord' });
  await answered(own, [4, 4, 3, 3, 4, 2]);
  await answered(previous, [2, 2, 3, 3, 2, 2]);
  await answered(first, [1, 2, 1, 2, 1, 2]);
});
afterAll(async () => t?.close());

const houseEvaluator = () => userOf([{ kind: 'evaluator', houseId: own.house_id }], 7);
const nationalEvaluator = userOf('evaluator', 8);

describe('with one other house', () => {
  it('gives a house evaluator no benchmark, on the comparison page and in the summary alike, and says why', async () => {
    expect(MIN_BENCHMARK_HOUSES).toBe(2);
    const user = houseEvaluator();
    const page = await compareWave(t.app.db, user, own.id, {});
    expect(page.benchmarkOnly).toBe(true);
    expect(page.houseComparison).toBeNull();
    expect(page.benchmarkWithheld).toContain('maar één ander huis');
    const summary = await summaryComparisons(t.app.db, { user }, await loadResults(t.app.db, own, { breakdowns: false }));
    expect(summary.houses).toBeNull();
    expect(summary.housesWithheld).toBe(page.benchmarkWithheld);
    // the previous wave of their own house is theirs to compare with
    expect(summary.previous?.label).toContain('Eigen ronde vorig jaar');
  });

  it('gives who sees every house the pooled mean with that house, as the command line gets it', async () => {
    const current = await loadResults(t.app.db, own, { breakdowns: false });
    const national = await summaryComparisons(t.app.db, { user: nationalEvaluator }, current);
    const cli = await summaryComparisons(t.app.db, { system: 'cli' }, current);
    expect(national.houses?.count).toBe(2);
    expect(national.houses!.comparison.overall.reference.mean).toBeCloseTo(await pooledOverall([own, first]), 12);
    expect(cli).toEqual(national);
  });
});

describe('with two other houses', () => {
  beforeAll(async () => {
    second = await makeWave(t.app, Q, { title: 'Ronde Zuid', house: 'Veiligheidshuis Zuid' });
    await answered(second, [3, 3, 2, 4, 3, 3]);
  });

  it('gives a house evaluator the pooled benchmark of every house on both, never one other house on its own', async () => {
    const user = houseEvaluator();
    const page = await compareWave(t.app.db, user, own.id, { houseWaveIds: new Set([first.id]) });
    expect(page.benchmarkWithheld).toBeNull();
    // their own row only, every other house in the pool whatever the request asked for
    expect(page.houseComparison!.comparison.table.map((r) => r.key)).toEqual([own.id]);
    expect([page.otherHouses, [...page.chosenHouseWaves]]).toEqual([[], []]);
    expect(page.houseComparison!.houseCount).toBe(3);
    const expected = await pooledOverall([own, first, second]);
    expect(page.houseComparison!.comparison.overall.reference.mean).toBeCloseTo(expected, 12);

    const summary = await summaryComparisons(t.app.db, { user }, await loadResults(t.app.db, own, { breakdowns: false }));
    expect(summary.housesWithheld).toBeNull();
    expect(summary.houses!.count).toBe(3);
    expect(summary.houses!.comparison.rows).toEqual(page.houseComparison!.comparison.rows);
    expect(summary.houses!.comparison.overall).toEqual(page.houseComparison!.comparison.overall);
    // the benchmark is the same as the one the national team's summary shows
    const national = await summaryComparisons(t.app.db, { user: nationalEvaluator }, await loadResults(t.app.db, own, { breakdowns: false }));
    expect(national.houses!.comparison.overall).toEqual(summary.houses!.comparison.overall);
  });

  it('gives nothing to compare to whom may not read the wave', async () => {
    const outsider = userOf([{ kind: 'evaluator', houseId: first.house_id }], 9);
    await expect(compareWave(t.app.db, outsider, own.id, {})).rejects.toMatchObject({ statusCode: 404 });
    const current = await loadResults(t.app.db, own, { breakdowns: false });
    expect(await summaryComparisons(t.app.db, { user: outsider }, current)).toEqual({ previous: null, houses: null, housesWithheld: null });
    expect(await summaryComparisons(t.app.db, { system: 'retention' }, current)).toEqual({ previous: null, houses: null, housesWithheld: null });
  });
});
