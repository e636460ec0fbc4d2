/**
 * The results of a closed wave come from the server's cache (services/results.ts) from the second
 * view on; these tests look at what that cache may never do: keep showing an open answer the
 * researcher has since hidden, redacted or coded (each of the four writes of services/openAnswers.ts
 * is audited in its transaction, and the audit writer drops the wave's entries), or hand one user's
 * view to another (the summary's benchmark depends on the waves a user may read), or outlive a
 * change of the wave's minimum cell size or anonymity. Everything through the real routes, signed in
 * through the real login form; the workbook is read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../../server/db/database.js';
import { waveQuestionnaire } from '../../../server/db/repositories/waves.js';
import { cachedReportCount, loadResults } from '../../../server/services/results.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { makeWave } from '../../helpers/factories.js';
import { storeResponses, table, uniformStappenmeter } from '../../helpers/resultsPage.js';

const Q = 'stappenmeter-doelbereik';
const DAY = 24 * 3600 * 1000;
const ORIGINAL = 'Jan de Vries van de politie belt nooit terug';
const REDACTED = '[naam] van de politie belt nooit terug';

let t: TestApp;
let researcher: LoggedIn;
let national: LoggedIn;
let houseEvaluator: LoggedIn;
/** Closed waves: this house's (with "anders, namelijk" answers), and one other house's. */
let own: Wave;
let other: Wave;

async function get(url: string, who: LoggedIn) {
  return t.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
}
async function post(url: string, fields: Record<string, string>) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: researcher.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: researcher.csrf, ...fields }),
  });
  expect(res.statusCode, url).toBe(303);
}

/** A wave that opened a month before the app's clock and closed yesterday. */
function closedWave(house: string, title: string): Promise<Wave> {
  const now = t.app.now().getTime();
  return makeWave(t.app, Q, { title, house, opens_at: new Date(now - 30 * DAY).toISOString(), closes_at: new Date(now - DAY).toISOString(), min_cell_size: 2 });
}

/** The page, the printed report and every cell of the workbook, as the house evaluator gets them. */
async function everythingRead(who: LoggedIn = houseEvaluator): Promise<Record<'page' | 'report' | 'workbook', string>> {
  const page = (await get(`/admin/results/${own.id}`, who)).body;
  const report = (await get(`/admin/results/${own.id}/rapport`, who)).body;
  const download = await get(`/admin/results/${own.id}/download/xlsx`, who);
  expect(download.statusCode).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
  return { page, report, workbook: JSON.stringify(book.worksheets.map((ws) => ws.getSheetValues())) };
}

beforeAll(async () => {
  t = await createTestApp();
  own = await closedWave('Veiligheidshuis Eigen', 'Eigen ronde');
  other = await closedWave('Veiligheidshuis Ander', 'Andere ronde');
  const q = waveQuestionnaire(own);
  // "Anders, namelijk" (Q2 = 6) with a text for the first three respondents: the open answers
  await storeResponses(
    t.app,
    own,
    [4, 4, 3, 3, 4, 2].map((v, i) => ({ ...uniformStappenmeter(q.variables, v, { Q2: i < 3 ? 6 : 1, Q3: 1, Q63: 2 }), ...(i < 3 ? { Q2_other: i === 0 ? ORIGINAL : `Wijkteam ${i}` } : {}) })),
  );
  await storeResponses(t.app, other, [1, 2, 1, 2, 1, 2].map((v) => uniformStappenmeter(q.variables, v, { Q2: 1, Q3: 1, Q63: 2 })));
  researcher = await loginAs(t.app, 'researcher');
  national = await loginAs(t.app, 'evaluator');
  houseEvaluator = await loginAs(t.app, [{ kind: 'evaluator', houseId: own.house_id }]);
});
afterAll(async () => t?.close());

describe('a closed wave’s cached results', () => {
  it('are cached: a second view of the page is served from the cache', async () => {
    const before = cachedReportCount(t.app.db);
    const first = await everythingRead();
    expect(cachedReportCount(t.app.db)).toBeGreaterThan(before);
    const second = await everythingRead();
    expect(second.page).toBe(first.page);
    for (const [what, body] of Object.entries(first)) expect(body, what).toContain(ORIGINAL);
  });

  it('show a redaction at once, on the page, in the printed report and in the workbook', async () => {
    await everythingRead();
    const { response_id } = await t.app.db.selectFrom('answers').select('response_id').where('txt', '=', ORIGINAL).executeTakeFirstOrThrow();
    await post(`/admin/results/${own.id}/open/Q2_other/antwoord/${response_id}.Q2_other`, { action: 'redact', text: REDACTED });
    for (const [what, body] of Object.entries(await everythingRead())) {
      expect(body, what).toContain(REDACTED);
      expect(body, what).not.toContain('Jan de Vries');
    }
  });

  it('show a hidden answer gone at once, and a coding and a removed category at once', async () => {
    const { response_id } = await t.app.db.selectFrom('answers').select('response_id').where('txt', '=', 'Wijkteam 1').executeTakeFirstOrThrow();
    const answer = `${response_id}.Q2_other`;
    await everythingRead();
    await post(`/admin/results/${own.id}/open/Q2_other/antwoord/${answer}`, { action: 'hide' });
    const hidden = await everythingRead();
    for (const [what, body] of Object.entries(hidden)) expect(body, what).not.toContain('Wijkteam 1');
    expect(hidden.page).toContain('1 antwoord afgeschermd door de onderzoeker.');

    await post(`/admin/results/${own.id}/open/Q2_other/categorieen`, { label: 'Zorgpartner' });
    const category = await t.app.db.selectFrom('open_answer_categories').select('id').where('wave_id', '=', own.id).executeTakeFirstOrThrow();
    await everythingRead();
    await post(`/admin/results/${own.id}/open/Q2_other/indeling`, { [`code:${answer}`]: String(category.id) });
    const coded = await everythingRead();
    for (const [what, body] of Object.entries(coded)) expect(body, what).toContain('Zorgpartner');
    const codes = table(coded.page, 'Indeling van de antwoorden');
    expect(codes.find((r) => r[0]!.text === 'Zorgpartner')?.[1]?.text).toBe('1');

    await post(`/admin/results/${own.id}/open/Q2_other/categorieen/${category.id}/verwijderen`, {});
    for (const [what, body] of Object.entries(await everythingRead())) expect(body, what).not.toContain('Zorgpartner');
  });

  it('never give one user’s summary to another: the national evaluator sees all houses, the house’s own evaluator no benchmark of one other house', async () => {
    const nationalView = () => get(`/admin/results/${own.id}`, national).then((r) => r.body);
    const houseView = () => get(`/admin/results/${own.id}`, houseEvaluator).then((r) => r.body);
    const allHouses = (html: string) => table(html, 'Samenvatting').map((r) => r.map((c) => c.text));
    for (const order of [[nationalView, houseView], [houseView, nationalView]]) {
      const [a, b] = [await order[0]!(), await order[1]!()];
      const [n, h] = order[0] === nationalView ? [a, b] : [b, a];
      expect(n).not.toContain('maar één ander huis');
      expect(allHouses(n)[0]).toContain('Andere huizen (gepoold)');
      expect(h).toContain('Andere huizen: niet getoond. Er is maar één ander huis');
      expect(allHouses(h)[0]).not.toContain('Andere huizen (gepoold)');
    }
    // the comparison page likewise: the other house by name for the national evaluator only
    expect((await get(`/admin/results/compare?wave=${own.id}`, national)).body).toContain('Veiligheidshuis Ander');
    expect((await get(`/admin/results/compare?wave=${own.id}`, houseEvaluator)).body).not.toContain('Veiligheidshuis Ander');
    expect((await get(`/admin/results/${other.id}`, houseEvaluator)).statusCode).toBe(404);
  });

  it('are kept per minimum cell size and anonymity of the wave, even for a change no one announced', async () => {
    const first = await loadResults(t.app.db, own, { now: t.app.now() });
    expect((await loadResults(t.app.db, own, { now: t.app.now() })).report).toBe(first.report);
    const stricter = await loadResults(t.app.db, { ...own, min_cell_size: 10 }, { now: t.app.now() });
    expect(stricter.report).not.toBe(first.report);
    expect(stricter.report.settings.minCellSize).toBe(10);
    const named = await loadResults(t.app.db, { ...own, anonymous: 0 }, { now: t.app.now() });
    expect(named.report).not.toBe(first.report);
    // the anonymous wave's own entry is still there, unchanged
    expect((await loadResults(t.app.db, own, { now: t.app.now() })).report).toBe(first.report);
  });
});
