/**
 * What a wave is compared with, for whom (services/compare.ts): the comparison page (compareWave) and
 * the summary that opens the results, the report and the workbook (summaryComparisons) go through one
 * rule. The benchmark pools per other house its latest CLOSED wave of a comparable questionnaire in
 * the period — never an open wave, never this house — and only houses with at least the minimum.
 * Who sees every house gets each house's means; a house's evaluator gets them only pooled, and only
 * when at least two other houses count. The pooled means are checked against analyze() on the pooled
 * responses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { compareWave, defaultPeriod, MIN_BENCHMARK_HOUSES, summaryComparisons } from '../../server/services/compare.js';
import { loadResults } from '../../server/services/results.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';
import { userOf } from './support.js';

const Q = 'stappenmeter-doelbereik';
const DAY = 24 * 3600 * 1000;

let t: TestApp;
/** The house evaluator's wave (open), its previous wave, and closed waves of other houses. */
let own: Wave;
let previous: Wave;
let first: Wave;
let second: Wave;

const at = (days: number) => new Date(t.app.now().getTime() + days * DAY).toISOString();
/** A wave that opened `from` days from now and closed `to` days from now. */
const closed = (from: number, to: number) => ({ opens_at: at(from), closes_at: at(to) });

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
  own = await makeWave(t.app, Q, { title: 'Eigen ronde', house: 'Veiligheidshuis Eigen' });
  previous = await makeWave(t.app, Q, { title: 'Eigen ronde vorig jaar', house_id: own.house_id, ...closed(-365, -335) });
  first = await makeWave(t.app, Q, { title: 'Ronde Noord', house: 'Veiligheidshuis Noord', ...closed(-60, -30) });
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
    const page = await compareWave(t.app.db, user, own.id, {}, t.app.now());
    expect(page.benchmarkOnly).toBe(true);
    expect(page.houseComparison).toBeNull();
    expect(page.benchmarkWithheld).toContain('maar één ander huis');
    const summary = await summaryComparisons(t.app.db, { user }, await loadResults(t.app.db, own, { breakdowns: false }), t.app.now());
    expect(summary.houses).toBeNull();
    expect(summary.housesWithheld).toBe(page.benchmarkWithheld);
    // the previous wave of their own house is theirs to compare with
    expect(summary.previous?.label).toContain('Eigen ronde vorig jaar');
  });

  it('gives who sees every house the benchmark of that house (not this one), as the command line gets it', async () => {
    const current = await loadResults(t.app.db, own, { breakdowns: false });
    const national = await summaryComparisons(t.app.db, { user: nationalEvaluator }, current, t.app.now());
    const cli = await summaryComparisons(t.app.db, { system: 'cli' }, current, t.app.now());
    expect(national.houses?.count).toBe(1);
    expect(national.houses!.comparison.overall.reference.mean).toBeCloseTo(await pooledOverall([first]), 12);
    expect(cli).toEqual(national);
  });
});

describe('which waves the benchmark pools', () => {
  let openWave: Wave;
  let older: Wave;
  let outside: Wave;
  beforeAll(async () => {
    second = await makeWave(t.app, Q, { title: 'Ronde Zuid', house: 'Veiligheidshuis Zuid', ...closed(-50, -20) });
    await answered(second, [3, 3, 2, 4, 3, 3]);
    // the case of the issue: a test wave of another house, still open, with 2 responses
    openWave = await makeWave(t.app, Q, { title: 'Testronde West', house: 'Veiligheidshuis West' });
    await answered(openWave, [1, 1]);
    // Noord's older closed wave: only the latest per house counts
    older = await makeWave(t.app, Q, { title: 'Ronde Noord eerder', house_id: first.house_id, ...closed(-200, -170) });
    await answered(older, [4, 4, 4, 4, 4, 4]);
    // a closed wave long before the period
    outside = await makeWave(t.app, Q, { title: 'Ronde Oost oud', house: 'Veiligheidshuis Oost', ...closed(-900, -870) });
    await answered(outside, [4, 4, 4, 4, 4, 4]);
  });

  it('pools per other house its latest closed wave in the period, never an open wave, and lists them with period and n', async () => {
    const page = await compareWave(t.app.db, nationalEvaluator, own.id, {}, t.app.now());
    const c = page.houseComparison!.comparison;
    expect(c.waves.map((w) => [w.wave, w.n, w.counted])).toEqual([
      ['Ronde Noord', 6, true],
      ['Ronde Zuid', 6, true],
    ]);
    expect(c.waves.map((w) => w.key)).not.toContain(openWave.id);
    expect(c.waves.map((w) => w.key)).not.toContain(older.id);
    expect(c.waves.map((w) => w.key)).not.toContain(outside.id);
    expect(page.period).toEqual(defaultPeriod(own));
    expect(c.overall.reference.mean).toBeCloseTo(await pooledOverall([first, second]), 12);
    // a national reader chooses the period: the old Oost wave comes in, Noord's latest is still the one
    const wide = await compareWave(t.app.db, nationalEvaluator, own.id, { period: { from: '2000-01-01', to: '2100-01-01' } }, t.app.now());
    expect(wide.houseComparison!.comparison.waves.map((w) => w.wave)).toEqual(['Ronde Noord', 'Ronde Oost oud', 'Ronde Zuid']);
    // once the West wave has closed, it is in the pool, but with 2 responses it does not count and its n is not shown
    const later = new Date(Date.parse(openWave.closes_at) + DAY);
    const afterwards = await compareWave(t.app.db, nationalEvaluator, own.id, {}, later);
    const west = afterwards.houseComparison!.comparison.waves.find((w) => w.key === openWave.id)!;
    expect([west.n, west.counted]).toEqual([null, false]);
    expect(afterwards.houseComparison!.comparison.overall.reference.mean).toBeCloseTo(await pooledOverall([first, second]), 12);
  });

  it('gives a house evaluator the pooled benchmark on both pages, the list of waves without any house’s means, and no other period', async () => {
    const user = houseEvaluator();
    const page = await compareWave(t.app.db, user, own.id, { period: { from: '2000-01-01', to: '2100-01-01' } }, t.app.now());
    expect(page.benchmarkWithheld).toBeNull();
    expect(page.period).toEqual(defaultPeriod(own));
    const c = page.houseComparison!.comparison;
    expect(c.waves.map((w) => w.wave)).toEqual(['Ronde Noord', 'Ronde Zuid']);
    for (const w of c.waves) expect([w.overall.mean, ...Object.values(w.aspects).map((x) => x.mean)].every((m) => m === null)).toBe(true);
    expect(page.houseComparison!.houseCount).toBe(2);
    expect(c.overall.reference.mean).toBeCloseTo(await pooledOverall([first, second]), 12);
    // with two houses the reader may not read, the mean of house means would give each of them: withheld
    expect([c.overall.reference.houseMeansSuppressed, c.overall.reference.houseMeans]).toEqual([true, null]);

    const summary = await summaryComparisons(t.app.db, { user }, await loadResults(t.app.db, own, { breakdowns: false }), t.app.now());
    expect(summary.housesWithheld).toBeNull();
    expect(summary.houses!.comparison.rows).toEqual(c.rows);
    // the pooled benchmark is the national team's
    const national = await summaryComparisons(t.app.db, { user: nationalEvaluator }, await loadResults(t.app.db, own, { breakdowns: false }), t.app.now());
    expect(national.houses!.comparison.overall.reference.mean).toBe(summary.houses!.comparison.overall.reference.mean);
    expect(national.houses!.comparison.overall.reference.houseMeans).not.toBeNull();
  });

  it('gives nothing to compare to whom may not read the wave', async () => {
    const outsider = userOf([{ kind: 'evaluator', houseId: first.house_id }], 9);
    await expect(compareWave(t.app.db, outsider, own.id, {}, t.app.now())).rejects.toMatchObject({ statusCode: 404 });
    const current = await loadResults(t.app.db, own, { breakdowns: false });
    expect(await summaryComparisons(t.app.db, { user: outsider }, current, t.app.now())).toEqual({ previous: null, houses: null, housesWithheld: null });
    expect(await summaryComparisons(t.app.db, { system: 'retention' }, current, t.app.now())).toEqual({ previous: null, houses: null, housesWithheld: null });
  });
});
