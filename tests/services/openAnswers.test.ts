/**
 * The researcher's work on open answers (services/openAnswers.ts): redaction that only takes out,
 * hiding, categories and coding, each audit-logged through the one audit function without the
 * answer's text, and applied to everything readers get — the results (reader view) and every download
 * — while the answer as given stays stored. Only researcher rights on the wave's house allow it
 * (landelijk onderzoeker, its coördinator); withheld waves show nothing.
 */
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../server/db/database.js';
import { answerId } from '../../server/domain/openAnswers/order.js';
import { downloadWave } from '../../server/services/downloads.js';
import {
  addOpenAnswerCategory,
  changeOpenAnswer,
  codeOpenAnswers,
  openAnswersWave,
  openItemForEditing,
  removeOpenAnswerCategory,
} from '../../server/services/openAnswers.js';
import { loadResults } from '../../server/services/results.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { afterFieldwork, makeWave } from '../helpers/factories.js';
import { storeResponses } from '../helpers/resultsPage.js';
import { auditLog, contextOf, userOf } from './support.js';

const ORIGINAL = 'Jan de Vries van Woonstichting Noord belt nooit terug';
const KNELPUNTEN = [ORIGINAL, 'Te weinig capaciteit bij de partners', 'Privacyregels remmen de informatiedeling', 'Geen structurele financiering', 'Capaciteit van de wijkteams', 'Onduidelijke regie'];

let t: TestApp;
let wave: Wave;
let tiny: Wave;
const researcher = userOf('researcher', 1);
const evaluator = userOf('evaluator', 2);
let ids: string[];

beforeAll(async () => {
  t = await createTestApp();
  wave = await makeWave(t.app, 'breedtescan-ketenmanagers', { title: 'Breedtescan', anonymous: 0 });
  await storeResponses(t.app, wave, KNELPUNTEN.map((Q16, i) => ({ Q16, Q2: 1, Q3_1: `Organisatie ${i}` })));
  const rows = await t.app.db.selectFrom('answers').select(['response_id', 'txt']).where('variable', '=', 'Q16').execute();
  ids = KNELPUNTEN.map((k) => rows.find((r) => r.txt === k)!.response_id);
  // closed, so only the small-cell rule withholds its answers (an open anonymous wave's are withheld anyway)
  tiny = await makeWave(t.app, 'breedtescan-ketenmanagers', { title: 'Klein en anoniem', ...afterFieldwork(t.app) });
  await storeResponses(t.app, tiny, [{ Q16: 'Alleen ik' }]);
});
afterAll(async () => t.close());

const ctx = () => contextOf(t, { user: researcher });
const q16 = async (w = wave) => {
  const loaded = await openItemForEditing(ctx(), w, 'Q16');
  if (loaded.withheld) throw new Error('withheld');
  return loaded.answers;
};
const reader = async () => (await loadResults(t.app.db, wave, { openAnswers: true })).openAnswers!.find((i) => i.item.key === 'Q16')!;

describe('redacting and hiding', () => {
  it('stores a redaction that only takes out, shows it to readers and in every download, and keeps the answer as given', async () => {
    const before = (await auditLog(t)).length;
    const id = answerId(ids[0]!, 'Q16');
    expect(await changeOpenAnswer(ctx(), wave, 'Q16', id, { kind: 'redact', text: '[naam] van [organisatie] belt nooit terug' })).toEqual({ ok: true });

    const entries = (await auditLog(t)).slice(before);
    expect(entries.map((e) => [e.actor, e.action, e.details])).toEqual([
      [researcher.email, 'open_answer.redacted', { waveId: wave.id, item: 'Q16', answer: id, charactersRemoved: ORIGINAL.length - '[naam] van [organisatie] belt nooit terug'.length }],
    ]);
    expect(JSON.stringify(entries)).not.toContain('Jan de Vries');

    expect((await reader()).answers.map((a) => a.text)).toContain('[naam] van [organisatie] belt nooit terug');
    expect(JSON.stringify(await loadResults(t.app.db, wave, { openAnswers: true }))).not.toContain('Jan de Vries');
    const download = (format: 'csv' | 'csv-excel' | 'r') => downloadWave(contextOf(t, { user: evaluator }), wave, format).then((d) => String(d.csv?.body ?? d.body));
    for (const format of ['csv', 'csv-excel'] as const) {
      const body = await download(format);
      expect(body, format).toContain('[naam] van [organisatie] belt nooit terug');
      expect(body, format).not.toContain('Jan de Vries');
    }
    expect(await download('r')).toContain('[naam] van [organisatie]');
    const xlsx = await downloadWave(contextOf(t, { user: evaluator }), wave, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await buffer(xlsx.body as Readable)) as unknown as ArrayBuffer);
    const everything = JSON.stringify(book.worksheets.map((ws) => ws.getSheetValues()));
    expect(everything).toContain('[naam] van [organisatie] belt nooit terug');
    expect(everything).not.toContain('Jan de Vries');

    // the researcher editing still sees what was given; the stored answer is untouched
    const edited = (await q16()).answers.find((a) => a.id === id)!;
    expect(edited).toMatchObject({ original: ORIGINAL, text: '[naam] van [organisatie] belt nooit terug', redacted: true });
    expect((await t.app.db.selectFrom('answers').select('txt').where('response_id', '=', ids[0]!).where('variable', '=', 'Q16').executeTakeFirstOrThrow()).txt).toBe(ORIGINAL);
  });

  it('refuses a redaction that changes words, storing nothing and logging nothing', async () => {
    const before = await auditLog(t);
    const id = answerId(ids[1]!, 'Q16');
    const result = await changeOpenAnswer(ctx(), wave, 'Q16', id, { kind: 'redact', text: 'Te […] capaciteit bij alle partners' });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('staat zo niet in het antwoord') });
    expect(await auditLog(t)).toEqual(before);
    expect((await q16()).answers.find((a) => a.id === id)).toMatchObject({ redacted: false, hidden: false });
  });

  it('hides an answer from readers and downloads, and restores it', async () => {
    const id = answerId(ids[2]!, 'Q16');
    await changeOpenAnswer(ctx(), wave, 'Q16', id, { kind: 'hide' });
    const hidden = (await reader()).answers.find((a) => a.id === id)!;
    expect(hidden).toMatchObject({ hidden: true, text: '', original: '' });
    const csv = String((await downloadWave(contextOf(t, { user: evaluator }), wave, 'csv')).body);
    expect(csv).not.toContain(KNELPUNTEN[2]);
    await changeOpenAnswer(ctx(), wave, 'Q16', id, { kind: 'restore' });
    expect((await reader()).answers.find((a) => a.id === id)).toMatchObject({ hidden: false, text: KNELPUNTEN[2] });
    expect((await auditLog(t)).filter((e) => e.action.startsWith('open_answer.')).slice(-2).map((e) => e.action)).toEqual(['open_answer.hidden', 'open_answer.restored']);
    // an undone edit leaves no row behind
    expect(await t.app.db.selectFrom('open_answer_edits').select('variable').where('response_id', '=', ids[2]!).execute()).toEqual([]);
  });

  it('answers 404 for an answer of another item or wave, and for an unknown item', async () => {
    await expect(changeOpenAnswer(ctx(), wave, 'Q16', answerId(ids[0]!, 'Q3_1'), { kind: 'hide' })).rejects.toMatchObject({ statusCode: 404 });
    await expect(changeOpenAnswer(ctx(), wave, 'Q16', `${'0'.repeat(32)}.Q16`, { kind: 'hide' })).rejects.toMatchObject({ statusCode: 404 });
    await expect(changeOpenAnswer(ctx(), tiny, 'Q16', answerId(ids[0]!, 'Q16'), { kind: 'hide' })).rejects.toMatchObject({ statusCode: 404 });
    await expect(openItemForEditing(ctx(), wave, 'Q99')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('coding', () => {
  it('adds categories (no duplicates), assigns answers in one audit entry, and counts them in a frequency table', async () => {
    expect(await addOpenAnswerCategory(ctx(), wave, 'Q16', '  Capaciteit ')).toEqual({ ok: true });
    expect(await addOpenAnswerCategory(ctx(), wave, 'Q16', 'Privacy')).toEqual({ ok: true });
    expect(await addOpenAnswerCategory(ctx(), wave, 'Q16', 'Capaciteit')).toEqual({ ok: false, message: 'Er is al een categorie ‘Capaciteit’.' });
    expect(await addOpenAnswerCategory(ctx(), wave, 'Q16', ' ')).toEqual({ ok: false, message: 'Geef de categorie een naam.' });
    const { categories } = await q16();
    expect(categories.map((c) => c.label)).toEqual(['Capaciteit', 'Privacy']);
    const [capaciteit, privacy] = categories;
    const before = (await auditLog(t)).length;
    const changed = await codeOpenAnswers(
      ctx(),
      wave,
      'Q16',
      new Map([
        [answerId(ids[1]!, 'Q16'), capaciteit!.id],
        [answerId(ids[4]!, 'Q16'), capaciteit!.id],
        [answerId(ids[2]!, 'Q16'), privacy!.id],
        [answerId(ids[3]!, 'Q16'), null],
      ]),
    );
    expect(changed).toBe(3);
    expect((await auditLog(t)).slice(before).map((e) => [e.action, e.details])).toEqual([['open_answer.coded', { waveId: wave.id, item: 'Q16', answers: 3 }]]);
    const coded = await reader();
    expect(coded.answers.filter((a) => a.categoryId === capaciteit!.id)).toHaveLength(2);
    // coding keeps a redaction
    await codeOpenAnswers(ctx(), wave, 'Q16', new Map([[answerId(ids[0]!, 'Q16'), privacy!.id]]));
    expect((await reader()).answers.find((a) => a.id === answerId(ids[0]!, 'Q16'))).toMatchObject({ text: '[naam] van [organisatie] belt nooit terug', categoryId: privacy!.id });
  });

  it('refuses an assignment to another item’s answer or category as a whole', async () => {
    const { categories } = await q16();
    await addOpenAnswerCategory(ctx(), wave, 'Q3', 'Woningcorporaties');
    const q3 = await openItemForEditing(ctx(), wave, 'Q3');
    const other = !q3.withheld ? q3.answers.categories[0]! : null;
    const before = JSON.stringify((await q16()).answers);
    await expect(codeOpenAnswers(ctx(), wave, 'Q16', new Map([[answerId(ids[5]!, 'Q16'), other!.id]]))).rejects.toMatchObject({ statusCode: 404 });
    await expect(
      codeOpenAnswers(
        ctx(),
        wave,
        'Q16',
        new Map([
          [answerId(ids[5]!, 'Q16'), categories[0]!.id],
          [answerId(ids[5]!, 'Q3_1'), categories[0]!.id],
        ]),
      ),
    ).rejects.toMatchObject({ statusCode: 404 });
    expect(JSON.stringify((await q16()).answers)).toBe(before);
  });

  it('uncodes the answers of a removed category', async () => {
    const { categories } = await q16();
    const privacy = categories.find((c) => c.label === 'Privacy')!;
    await removeOpenAnswerCategory(ctx(), wave, 'Q16', privacy.id);
    const after = await q16();
    expect(after.categories.map((c) => c.label)).toEqual(['Capaciteit']);
    expect(after.answers.some((a) => a.categoryId === privacy.id)).toBe(false);
    // the redaction of an answer that was in it stays
    expect(after.answers.find((a) => a.id === answerId(ids[0]!, 'Q16'))).toMatchObject({ redacted: true, categoryId: null });
    expect((await auditLog(t)).at(-1)).toMatchObject({ action: 'open_answer.category_removed', details: { item: 'Q16', label: 'Privacy' } });
    await expect(removeOpenAnswerCategory(ctx(), wave, 'Q16', privacy.id)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('who may, and when', () => {
  it('is for researcher rights on the wave\'s house: a landelijk onderzoeker or its coördinator; evaluators and other houses\' coördinators get 404', async () => {
    const coordinator = userOf([{ kind: 'coordinator', houseId: wave.house_id }], 3);
    const otherCoordinator = userOf([{ kind: 'coordinator', houseId: wave.house_id + 1000 }], 4);
    const houseEvaluator = userOf([{ kind: 'evaluator', houseId: wave.house_id }], 5);
    for (const user of [researcher, coordinator]) expect((await openAnswersWave(contextOf(t, { user }), user, wave.id)).id).toBe(wave.id);
    for (const user of [evaluator, houseEvaluator, otherCoordinator]) {
      await expect(openAnswersWave(contextOf(t, { user }), user, wave.id)).rejects.toMatchObject({ statusCode: 404 });
    }
  });

  it('writes its audit entries with the wave and its house in their own columns, the coördinator as actor', async () => {
    const coordinator = userOf([{ kind: 'coordinator', houseId: wave.house_id }], 3);
    const id = answerId(ids[5]!, 'Q16');
    expect(await changeOpenAnswer(contextOf(t, { user: coordinator }), wave, 'Q16', id, { kind: 'hide' })).toEqual({ ok: true });
    const entry = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect([entry.action, entry.actor, entry.user_id, entry.wave_id, entry.house_id]).toEqual(['open_answer.hidden', coordinator.email, coordinator.id, wave.id, wave.house_id]);
    expect(await changeOpenAnswer(contextOf(t, { user: coordinator }), wave, 'Q16', id, { kind: 'restore' })).toEqual({ ok: true });
  });

  it('shows nothing of a wave whose respondent-level data are withheld, to researchers either', async () => {
    expect(await openItemForEditing(ctx(), tiny, 'Q16')).toEqual({ withheld: { responses: 1, minCellSize: 5 } });
    expect((await loadResults(t.app.db, tiny, { openAnswers: true, now: t.app.now() })).openAnswers).toBeNull();
  });
});
