/**
 * The cache of closed waves' reports and response rates (services/results.ts): a second view reuses the report, and
 * every way the data can change makes the next view analyse again. No timing: the tests look at
 * whether the same report object comes back.
 */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { setParticipantEligibility } from '../../server/services/participants.js';
import { cachedReportCount, comparisonSummaries, comparisonSummary, invalidateWaveResults, loadResults, MAX_CACHED_REPORTS, resultsRates } from '../../server/services/results.js';
import { summarize } from '../../server/domain/compare/summary.js';
import { purgeWave } from '../../server/services/retention.js';
import { updateWave } from '../../server/services/waves.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';
import { contextOf } from './support.js';

const DAY = 24 * 3600 * 1000;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/** A wave that closed yesterday with `n` responses (every statement answered 1 + i % 4). */
async function closedWave(n: number, overrides: Partial<Wave> = {}): Promise<Wave> {
  const now = t.app.now().getTime();
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { opens_at: new Date(now - 30 * DAY).toISOString(), closes_at: new Date(now - DAY).toISOString(), min_cell_size: 2, ...overrides });
  const q = waveQuestionnaire(wave);
  await storeResponses(t.app, wave, Array.from({ length: n }, (_, i) => uniformStappenmeter(q.variables, 1 + (i % 4), { Q2: 1 + (i % 2), Q3: 4, Q63: 1 })));
  return wave;
}

const view = (wave: Wave, options: { breakdowns?: boolean } = {}) => loadResults(t.app.db, wave, { ...options, now: t.app.now() });

describe('results of a closed wave', () => {
  it('are analysed once: the second view gets the same report, per breakdown option', async () => {
    const wave = await closedWave(4);
    const first = await view(wave);
    expect(first.report.n).toBe(4);
    expect((await view(wave)).report).toBe(first.report);
    const flat = await view(wave, { breakdowns: false });
    expect(flat.report).not.toBe(first.report);
    expect(flat.report.breakdowns).toEqual([]);
    expect((await view(wave, { breakdowns: false })).report).toBe(flat.report);
  });

  it('are analysed again after invalidateWaveResults (a redaction of an answer, here written behind the service’s back)', async () => {
    const wave = await closedWave(4);
    const first = await view(wave);
    const mean = first.report.items.find((i) => i.code === 'Q6_1')!.mean;
    await t.app.db.updateTable('answers').set({ num: 4 }).where('variable', '=', 'Q6_1').where('response_id', 'in', (eb) => eb.selectFrom('responses').select('id').where('wave_id', '=', wave.id)).execute();
    // the cache does not see a change it was not told about...
    expect((await view(wave)).report).toBe(first.report);
    invalidateWaveResults(wave.id);
    // ...and after being told, the report shows the changed answers
    const after = await view(wave);
    expect(after.report).not.toBe(first.report);
    expect(after.report.items.find((i) => i.code === 'Q6_1')!.mean).toBe(4);
    expect(mean).not.toBe(4);
  });

  it('are analysed again after a purge and after a change of the wave’s settings', async () => {
    const wave = await closedWave(3, { retention_days: 1 });
    const first = await view(wave);
    const purged = await purgeWave(contextOf(t), wave, { force: true });
    expect(purged.ok).toBe(true);
    const afterPurge = await view(wave);
    expect(afterPurge.report).not.toBe(first.report);
    expect(afterPurge.report.n).toBe(3);

    const { id: _id, questionnaire_json: _q, questionnaire_id: _qi, questionnaire_version: _qv, created_at: _c, house: _h, ...settings } = wave;
    await updateWave(contextOf(t), wave, { ...settings, title: 'Hernoemd' } as Parameters<typeof updateWave>[2]);
    expect((await view(wave)).report).not.toBe(afterPurge.report);
  });

  it('are analysed again when the number of responses changed, or another connection wrote to the file', async () => {
    const wave = await closedWave(2);
    const first = await view(wave);
    await storeResponses(t.app, wave, [uniformStappenmeter(waveQuestionnaire(wave).variables, 2, { Q2: 1, Q3: 4, Q63: 1 })]);
    const more = await view(wave);
    expect(more.report.n).toBe(3);
    expect(more.report).not.toBe(first.report);

    // what a command-line purge in another process does: commit through another connection
    const other = new SQLite(join(t.dir, 'test.db'));
    try {
      other.prepare("update waves set title = 'Elders gewijzigd' where id = ?").run(wave.id);
    } finally {
      other.close();
    }
    expect((await view(wave)).report).not.toBe(more.report);
  });

  it('give the comparisons each wave’s summary: the numbers of its report without breakdowns, cached apart from it and analysed again like it', async () => {
    const wave = await closedWave(5);
    const other = await closedWave(3);
    const before = cachedReportCount(t.app.db);
    const summaries = await comparisonSummaries(t.app.db, [wave, other, wave], t.app.now());
    expect([...summaries.keys()]).toEqual([wave.id, other.id]);
    // one entry per wave (the summary), no report kept beside it
    expect(cachedReportCount(t.app.db)).toBe(before + 2);
    const first = summaries.get(wave.id)!;
    expect(first).toEqual(summarize((await view(wave, { breakdowns: false })).report));
    expect(first.n).toBe(5);
    expect(await comparisonSummary(t.app.db, wave, t.app.now())).toBe(first);

    invalidateWaveResults(wave.id);
    const afterInvalidation = await comparisonSummary(t.app.db, wave, t.app.now());
    expect(afterInvalidation).not.toBe(first);
    expect(afterInvalidation).toEqual(first);

    await storeResponses(t.app, wave, [uniformStappenmeter(waveQuestionnaire(wave).variables, 2, { Q2: 1, Q3: 4, Q63: 1 })]);
    expect((await comparisonSummary(t.app.db, wave, t.app.now())).n).toBe(6);
    // a count the caller took from a wave list before the new response is not taken as the cached one's
    expect((await comparisonSummary(t.app.db, { ...wave, responses: 6 }, t.app.now())).n).toBe(6);
  });

  it('include the response rates, analysed again after an audited change to the participant list', async () => {
    const wave = await closedWave(2);
    const { participant } = await makeInvitee(t.app, wave);
    const first = await resultsRates(t.app.db, wave, t.app.now());
    expect(first.ineligible).toBe(0);
    expect(await resultsRates(t.app.db, wave, t.app.now())).toBe(first);
    await setParticipantEligibility(contextOf(t), wave.id, participant.id, 'Geen partner meer');
    const after = await resultsRates(t.app.db, wave, t.app.now());
    expect(after).not.toBe(first);
    expect(after.ineligible).toBe(1);
  });

  it('of a wave still open are never cached', async () => {
    const open = await makeWave(t.app, 'stappenmeter-doelbereik', { min_cell_size: 2 });
    await storeResponses(t.app, open, [uniformStappenmeter(waveQuestionnaire(open).variables, 3, { Q2: 1, Q3: 4, Q63: 1 })]);
    const before = cachedReportCount(t.app.db);
    const first = await view(open);
    expect((await view(open)).report).not.toBe(first.report);
    const rates = await resultsRates(t.app.db, open, t.app.now());
    expect(await resultsRates(t.app.db, open, t.app.now())).not.toBe(rates);
    expect(cachedReportCount(t.app.db)).toBe(before);
  });

  it(`keep at most ${MAX_CACHED_REPORTS} reports, dropping the least recently used`, async () => {
    const waves: Wave[] = [];
    for (let i = 0; i <= MAX_CACHED_REPORTS; i++) waves.push(await closedWave(0));
    const first = await view(waves[0]!);
    const reports = [];
    for (const wave of waves.slice(1)) {
      reports.push((await view(wave)).report);
      // the first stays the most recently used
      expect((await view(waves[0]!)).report).toBe(first.report);
    }
    expect(cachedReportCount(t.app.db)).toBe(MAX_CACHED_REPORTS);
    // the last is kept; the second was the least recently used when the last came in, and is gone
    expect((await view(waves.at(-1)!)).report).toBe(reports.at(-1));
    expect((await view(waves[1]!)).report).not.toBe(reports[0]);
    expect(cachedReportCount(t.app.db)).toBe(MAX_CACHED_REPORTS);
  });
});
