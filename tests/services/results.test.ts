import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { RawDataWithheldError } from '../../server/errors.js';
import { downloadWave } from '../../server/services/downloads.js';
import { loadResults, resultsOverview, resultsWave } from '../../server/services/results.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../helpers/app.js';
import { afterFieldwork, makeWave } from '../helpers/factories.js';
import { storeResponses, uniformStappenmeter } from '../helpers/resultsPage.js';
import { auditLog, contextOf, userOf } from './support.js';

let t: TestApp;
let small: Wave;
let tiny: Wave;
const evaluator = userOf('evaluator', 5);

beforeAll(async () => {
  t = await createTestApp();
  const q = await storedQuestionnaire(t.app, 'stappenmeter-doelbereik');
  const answers = (value: number, Q2: number) => uniformStappenmeter(q.variables, value, { Q2, Q3: 4, Q63: 1 });
  // both anonymous (the factory's default) and closed, so only the small-cell rule can hold raw data back
  small = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Klein', min_cell_size: 2, ...afterFieldwork(t.app) });
  await storeResponses(t.app, small, [answers(4, 1), answers(3, 1), answers(2, 2)]);
  // anonymous (the factory's default) with fewer responses than its minimum cell size of 5
  tiny = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Piepklein', ...afterFieldwork(t.app) });
  await storeResponses(t.app, tiny, [answers(4, 1), answers(3, 2)]);
});
afterAll(async () => t.close());

describe('results service', () => {
  it('finds a wave with results, or answers 404 as if it did not exist', async () => {
    expect((await resultsWave(t.app.db, evaluator, small.id)).id).toBe(small.id);
    await expect(resultsWave(t.app.db, evaluator, 'onbekend')).rejects.toMatchObject({ statusCode: 404 });
    const overview = await resultsOverview(t.app.db, evaluator);
    expect(overview.map((w) => [w.title, w.responses, w.questionnaireTitle])).toEqual(
      expect.arrayContaining([
        ['Klein', 3, 'Stappenmeter Doelbereik'],
        ['Piepklein', 2, 'Stappenmeter Doelbereik'],
      ]),
    );
  });

  it('analyses the stored responses with the wave’s minimum cell size, and says when raw data are withheld', async () => {
    const results = await loadResults(t.app.db, small, { now: t.app.now() });
    expect(results.report.n).toBe(3);
    expect(results.responses).toBe(3);
    expect(results.withheld).toBeNull();
    const withheld = await loadResults(t.app.db, tiny, { now: t.app.now() });
    expect(withheld.withheld).toEqual({ responses: 2, minCellSize: 5 });
    expect(withheld.report.n).toBe(2);
    expect((await loadResults(t.app.db, tiny, { emptyWhenWithheld: true, now: t.app.now() })).report.n).toBe(0);
    expect((await loadResults(t.app.db, small, { breakdowns: false, now: t.app.now() })).report.breakdowns).toEqual([]);
  });

  it('analyses partial responses with the others and says how many there are and by which rule', async () => {
    const q = await storedQuestionnaire(t.app, 'stappenmeter-doelbereik');
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Met gedeeltelijke', min_cell_size: 1 });
    // the second response answers only the background questions and one statement: partial by the 4-of-7 rule
    await storeResponses(t.app, wave, [uniformStappenmeter(q.variables, 3, { Q2: 1, Q3: 4, Q63: 1 }), { Q2: 2, Q3: 4, Q63: 1, Q6_1: 1 }]);
    const results = await loadResults(t.app.db, wave, { now: t.app.now() });
    expect(results.responses).toBe(2);
    expect(results.report.n).toBe(2);
    expect(results.report.items.find((i) => i.code === 'Q6_1')).toMatchObject({ n: 2, mean: 2 });
    expect(results.report.notes.at(-1)).toBe(
      'Gedeeltelijk ingevuld: 1 van de 2 responses (een verstuurde vragenlijst telt als volledig ingevuld als minstens 4 van de 7 aspecten een score hebben; anders als gedeeltelijk ingevuld). ' +
        'Ze tellen mee in de itemstatistieken en frequentietabellen, en in een aspectscore alleen waar genoeg uitspraken van het aspect zijn beantwoord; ' +
        'de betrouwbaarheid gebruikt alleen responses met alle uitspraken van het aspect.',
    );
    expect((await loadResults(t.app.db, small, { now: t.app.now() })).report.notes.join(' ')).not.toContain('Gedeeltelijk ingevuld');
  });

  it('audit-logs each download of respondent data, never the codebook, and refuses withheld raw data without an entry', async () => {
    const ctx = contextOf(t, { user: evaluator });
    const before = (await auditLog(t)).length;
    const csv = await downloadWave(ctx, small, 'csv', { baseName: 'klein' });
    expect(csv).toMatchObject({ fileName: 'klein.csv', rows: 3 });
    const sps = await downloadWave(ctx, small, 'sps', { baseName: 'klein' });
    expect(sps).toMatchObject({ fileName: 'klein-spss.zip', contentType: 'application/zip', rows: 3 });
    const r = await downloadWave(ctx, small, 'r', { baseName: 'klein' });
    expect(r.csv?.fileName).toBe('klein.csv');
    expect((await downloadWave(ctx, small, 'codebook')).fileName).toMatch(/-codeboek\.csv$/);
    for (const format of ['csv', 'csv-excel', 'sps', 'r'] as const) await expect(downloadWave(ctx, tiny, format)).rejects.toBeInstanceOf(RawDataWithheldError);
    const workbook = await downloadWave(ctx, tiny, 'xlsx');
    expect(workbook.rows).toBe(0);
    expect((await auditLog(t)).slice(before).map((e) => [e.actor, e.details])).toEqual([
      [evaluator.email, { waveId: small.id, format: 'csv', rows: 3 }],
      [evaluator.email, { waveId: small.id, format: 'sps', rows: 3 }],
      [evaluator.email, { waveId: small.id, format: 'r', rows: 3 }],
      [evaluator.email, { waveId: tiny.id, format: 'xlsx', rows: 0 }],
    ]);
  });
});
