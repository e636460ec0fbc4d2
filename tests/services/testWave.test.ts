/**
 * Test rounds (waves.is_test, "Testronde"): a wave marked as a test is never pooled in a benchmark,
 * never in a trend (the house's line or the national one), never the default earlier wave; marking is
 * a settings change with its audit entry (before and after), and a closed test wave stays one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { findWave, waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { compareWave } from '../../server/services/compare.js';
import { trendOf } from '../../server/services/trends.js';
import { markTestWave } from '../../server/services/waves.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeWave } from '../helpers/factories.js';
import { answeredStappenmeter, daysFromNow } from '../helpers/resultsPage.js';
import { auditLog, contextOf, userOf } from './support.js';

const Q = 'stappenmeter-doelbereik';
let t: TestApp;
let own: Wave;
let earlierReal: Wave;
let earlierTest: Wave;
let noord: Wave;
let zuid: Wave;
let west: Wave;

const closed = (from: number, to: number) => daysFromNow(t.app, from, to);
const national = userOf('evaluator', 8);
const answered = (wave: Wave, values: number[]) => answeredStappenmeter(t.app, wave, values);

async function pooledOverall(waves: Wave[]): Promise<number> {
  const responses = (await Promise.all(waves.map((w) => loadWaveResponses(t.app.db, w.id)))).flatMap((r) => r.responses);
  return analyze(waveQuestionnaire(own), responses, { by: [] }).overall.mean!;
}

beforeAll(async () => {
  t = await createTestApp();
  own = await makeWave(t.app, Q, { title: 'Eigen ronde', house: 'Veiligheidshuis Eigen', ...closed(-20, -10) });
  earlierReal = await makeWave(t.app, Q, { title: 'Eigen ronde vorig jaar', house_id: own.house_id, ...closed(-365, -335) });
  // a test of the house's own, after its real earlier wave: not the default to compare with, not in its trend
  earlierTest = await makeWave(t.app, Q, { title: 'Proef eigen', house_id: own.house_id, is_test: 1, ...closed(-100, -90) });
  noord = await makeWave(t.app, Q, { title: 'Ronde Noord', house: 'Veiligheidshuis Noord', ...closed(-60, -30) });
  zuid = await makeWave(t.app, Q, { title: 'Ronde Zuid', house: 'Veiligheidshuis Zuid', ...closed(-50, -25) });
  // the case, closed and with enough responses to count: a test wave of another house
  west = await makeWave(t.app, Q, { title: 'Proef West', house: 'Veiligheidshuis West', is_test: 1, ...closed(-40, -15) });
  await answered(own, [4, 4, 3, 3, 4, 2]);
  await answered(earlierReal, [2, 2, 3, 3, 2, 2]);
  await answered(earlierTest, [1, 1, 1, 1, 1, 1]);
  await answered(noord, [1, 2, 1, 2, 1, 2]);
  await answered(zuid, [3, 3, 2, 4, 3, 3]);
  await answered(west, [1, 1, 1, 1, 1, 1, 1, 1]);
});
afterAll(async () => t?.close());

describe('a test wave in comparisons', () => {
  it('is never pooled in the benchmark, not even listed, however many responses it has; the default earlier wave is a real one', async () => {
    const page = await compareWave(t.app.db, national, own.id, { period: { from: '2000-01-01', to: '2100-01-01' } }, t.app.now());
    const c = page.houseComparison!.comparison;
    expect(c.waves.map((w) => w.wave)).toEqual(['Ronde Noord', 'Ronde Zuid']);
    expect(c.overall.reference.mean).toBeCloseTo(await pooledOverall([noord, zuid]), 12);
    expect(page.otherWave?.id).toBe(earlierReal.id);
    // chosen on purpose, the test wave can still be compared with
    const chosen = await compareWave(t.app.db, national, own.id, { withId: earlierTest.id }, t.app.now());
    expect(chosen.otherWave?.id).toBe(earlierTest.id);
  });

  it('is in no trend: not in the house’s line, not in the national one', async () => {
    const trend = await trendOf(t.app.db, { user: national }, own, t.app.now());
    expect(trend.houseWaves.map((w) => w.title)).toEqual(['Eigen ronde vorig jaar', 'Eigen ronde']);
    const year = own.opens_at.slice(0, 4);
    const thisYear = trend.national.find((n) => n.year === year)!;
    // Eigen, Noord, Zuid: West's test is not a house of the national trend
    expect(thisYear.houses).toBe(3);
    expect(thisYear.points.overall!.mean).toBeCloseTo(await pooledOverall([own, noord, zuid]), 12);
  });

  it('the trend of a test wave shows it in its own line, marked, and still not nationally', async () => {
    const trend = await trendOf(t.app.db, { user: national }, west, t.app.now());
    expect(trend.houseWaves.map((w) => [w.title, w.test])).toEqual([['Proef West', true]]);
    expect(trend.national.find((n) => n.year === west.opens_at.slice(0, 4))!.houses).toBe(3);
  });
});

describe('marking a wave as a test', () => {
  it('takes a closed real wave out of the benchmark, audit-logged with before and after; a closed test wave cannot become real again', async () => {
    await markTestWave(contextOf(t, { user: userOf('researcher') }), zuid, true);
    expect((await findWave(t.app.db, zuid.id))!.is_test).toBe(1);
    const entry = (await auditLog(t)).filter((e) => e.action === 'wave_updated').at(-1)!;
    expect(entry.details).toMatchObject({ changes: { is_test: { before: 0, after: 1 } } });
    expect(Object.keys(entry.details.changes as object)).toEqual(['is_test']);

    const page = await compareWave(t.app.db, national, own.id, {}, t.app.now());
    expect(page.houseComparison!.comparison.waves.map((w) => w.wave)).toEqual(['Ronde Noord']);

    const marked = (await findWave(t.app.db, zuid.id))!;
    await expect(markTestWave(contextOf(t), marked, false)).rejects.toMatchObject({ statusCode: 409, message: expect.stringContaining('testronde') });
    expect((await findWave(t.app.db, zuid.id))!.is_test).toBe(1);
  });

  it('can be undone while the wave is not closed', async () => {
    const concept = await makeWave(t.app, Q, { title: 'Concept', house_id: own.house_id, launched_at: null, ...closed(10, 40), is_test: 1 });
    await markTestWave(contextOf(t), concept, false);
    expect((await findWave(t.app.db, concept.id))!.is_test).toBe(0);
    const entry = (await auditLog(t)).filter((e) => e.action === 'wave_updated').at(-1)!;
    expect(entry.details).toMatchObject({ changes: { is_test: { before: 1, after: 0 } } });
    expect(Object.keys(entry.details.changes as object)).toEqual(['is_test']);
  });

  it('is refused to whom does not manage the wave', async () => {
    const other = userOf([{ kind: 'coordinator', houseId: noord.house_id }], 11);
    await expect(markTestWave(contextOf(t, { user: other }), own, true)).rejects.toMatchObject({ statusCode: 404 });
  });
});
