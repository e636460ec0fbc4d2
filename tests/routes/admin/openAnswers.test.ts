/**
 * The open answers on the results page and the researcher's pages for them (routes/admin/results/
 * openAnswers.ts): an evaluator reads the answers in hash order, never beside other answers of the
 * same person, with what the researcher hid or took out gone; the researcher redacts through a form
 * that refuses anything but taking out (422, text kept), codes answers a page at a time, and the
 * categories become a frequency table on the results page. Researcher rights on the wave's house
 * (a landelijk onderzoeker, the house's coördinator) allow the work; its audit entries carry the wave
 * and the house, and read in Dutch on the audit page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Wave } from '../../../server/db/database.js';
import { ANSWERS_PER_PAGE } from '../../../server/routes/admin/results/openAnswers.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { makeHouse, makeWave } from '../../helpers/factories.js';
import { decode, storeResponses, table } from '../../helpers/resultsPage.js';

let t: TestApp;
let researcher: LoggedIn;
let evaluator: LoggedIn;
let wave: Wave;
const N = ANSWERS_PER_PAGE + 20;

async function get(url: string, who: LoggedIn = evaluator) {
  return t.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
}
async function post(url: string, fields: Record<string, string>, who: LoggedIn = researcher) {
  return t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: who.csrf, ...fields }) });
}
const base = () => `/admin/results/${wave.id}/open/Q16`;

beforeAll(async () => {
  t = await createTestApp();
  researcher = await loginAs(t.app, 'researcher');
  evaluator = await loginAs(t.app, 'evaluator');
  wave = await makeWave(t.app, 'breedtescan-ketenmanagers', { title: 'Breedtescan', anonymous: 0 });
  // respondent i answers "knelpunt i" and "kans i", in submission order
  await storeResponses(t.app, wave, Array.from({ length: N }, (_, i) => ({ Q2: 1, Q16: `knelpunt ${i}`, Q34: `kans ${i}`, ...(i === 0 ? { Q16: 'Mevrouw Bakker van de GGD reageert nooit' } : {}) })));
});
afterAll(async () => t.close());

describe('the open answers on the results page', () => {
  it('lists each item in an order that is neither submission order nor shared between questions', async () => {
    const html = (await get(`/admin/results/${wave.id}`)).body;
    const knelpunten = table(html, 'Antwoorden: ‘Wat is op dit moment het belangrijkste knelpunt').slice(1).map((r) => r[0]!.text);
    const kansen = table(html, 'Antwoorden: ‘De belangrijkste kans').slice(1).map((r) => r[0]!.text);
    expect(knelpunten).toHaveLength(N);
    const rank = (texts: string[]) => texts.map((x) => Number(/(\d+)$/.exec(x)?.[1] ?? 0));
    expect(rank(knelpunten)).not.toEqual([...Array(N).keys()]);
    expect(rank(knelpunten).filter((r, i) => rank(kansen)[i] === r).length).toBeLessThan(6);
    // each answer stands alone: one column, no background variable, no other answer beside it
    const rows = table(html, 'Antwoorden: ‘Wat is op dit moment het belangrijkste knelpunt');
    expect(rows.every((r) => r.length === 1)).toBe(true);
    expect(html).toContain('in willekeurige volgorde (niet de volgorde van binnenkomst)');
    // the same order on every load
    expect(table((await get(`/admin/results/${wave.id}`)).body, 'Antwoorden: ‘Wat is op dit moment het belangrijkste knelpunt').slice(1).map((r) => r[0]!.text)).toEqual(knelpunten);
  });

  it('offers the researcher, not the evaluator, a link to hide, redact and code', async () => {
    expect((await get(`/admin/results/${wave.id}`, researcher)).body).toContain(`href="${base()}"`);
    expect((await get(`/admin/results/${wave.id}`)).body).not.toContain(`/open/Q16`);
    expect((await get(base())).statusCode).toBe(403);
  });
});

describe('redacting an answer', () => {
  let answerPage: string;

  beforeAll(async () => {
    const { response_id } = await t.app.db.selectFrom('answers').select('response_id').where('txt', 'like', 'Mevrouw Bakker%').executeTakeFirstOrThrow();
    answerPage = `${base()}/antwoord/${response_id}.Q16`;
    // the item's pages link to it, a page of answers at a time
    const pages = [(await get(base(), researcher)).body, (await get(`${base()}?pagina=2`, researcher)).body];
    expect(pages.map((p) => [...p.matchAll(/>afschermen of inkorten</g)].length)).toEqual([ANSWERS_PER_PAGE, N - ANSWERS_PER_PAGE]);
    expect(pages.join('')).toContain(`href="${answerPage}"`);
    expect((await get(answerPage, researcher)).body).toContain('Mevrouw Bakker van de GGD reageert nooit</p>');
  });

  it('refuses with 422 a text that adds or changes words, keeping what was typed', async () => {
    const res = await post(answerPage, { action: 'redact', text: '[naam] van de GGD reageert soms' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('staat zo niet in het antwoord');
    expect(res.body).toContain('[naam] van de GGD reageert soms</textarea>');
    expect((await get(`/admin/results/${wave.id}`)).body).toContain('Mevrouw Bakker');
  });

  it('shows the redacted text to evaluators, on the page, in the report and in the downloads', async () => {
    const res = await post(answerPage, { action: 'redact', text: '[naam] van [organisatie] reageert nooit' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base()}?opgeslagen=antwoord`);
    for (const url of [`/admin/results/${wave.id}`, `/admin/results/${wave.id}/rapport`, `/admin/results/${wave.id}/download/csv`, `/admin/results/${wave.id}/download/csv-excel`]) {
      const body = (await get(url)).body;
      expect(body, url).toContain('[naam] van [organisatie] reageert nooit');
      expect(body, url).not.toContain('Bakker');
    }
    // the researcher's page still has the answer as given, beside what readers see
    const item = (await get(base(), researcher)).body + (await get(`${base()}?pagina=2`, researcher)).body;
    expect(item).toContain('Mevrouw Bakker van de GGD reageert nooit');
    expect(item).toContain('[naam] van [organisatie] reageert nooit<span class="badge">ingekort</span>');
  });

  it('hides an answer completely, and says on the page that one is hidden', async () => {
    expect((await post(answerPage, { action: 'hide' })).statusCode).toBe(303);
    const html = (await get(`/admin/results/${wave.id}`)).body;
    expect(html).not.toContain('reageert nooit');
    expect(html).toContain('1 antwoord afgeschermd door de onderzoeker.');
  });

  it('refuses a form without its CSRF token and an evaluator', async () => {
    const forged = await t.app.inject({ method: 'POST', url: answerPage, headers: { cookie: researcher.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'action=restore' });
    expect(forged.statusCode).toBe(403);
    expect((await post(answerPage, { action: 'restore' }, evaluator)).statusCode).toBe(403);
    expect((await get(`/admin/results/${wave.id}`)).body).not.toContain('reageert nooit');
  });
});

describe('coding', () => {
  it('adds categories, assigns a page of answers, and shows the categories as a frequency table', async () => {
    expect((await post(`${base()}/categorieen`, { label: 'Capaciteit' })).statusCode).toBe(303);
    expect((await post(`${base()}/categorieen`, { label: 'Overig' })).statusCode).toBe(303);
    const duplicate = await post(`${base()}/categorieen`, { label: 'Capaciteit' });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.body).toContain('Er is al een categorie ‘Capaciteit’.');

    const page = (await get(base(), researcher)).body;
    const fields = [...page.matchAll(/<select id="c-\d+" name="(code:[^"]+)"/g)].map((m) => decode(m[1]!));
    expect(fields).toHaveLength(ANSWERS_PER_PAGE);
    const option = (label: string) => /<option value="(\d+)"[^>]*>([^<]+)<\/option>/g;
    const ids = new Map([...page.matchAll(option(''))].map((m) => [m[2]!, m[1]!]));
    const assignment = Object.fromEntries(fields.map((f, i) => [f, i < 30 ? ids.get('Capaciteit')! : i < 40 ? ids.get('Overig')! : '']));
    const res = await post(`${base()}/indeling`, { pagina: '1', ...assignment });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${base()}?pagina=1&opgeslagen=indeling`);

    const rows = table((await get(`/admin/results/${wave.id}`)).body, 'Indeling van de antwoorden: ‘Wat is op dit moment het belangrijkste knelpunt');
    expect(rows.map((r) => [r[0]!.text, r[1]!.text])).toEqual([
      ['Antwoord', 'Aantal'],
      ['Capaciteit', '30'],
      ['Overig', '10'],
      ['Nog niet ingedeeld', String(N - 40)],
      ['Totaal', String(N)],
    ]);
    // the answers are grouped by category on the page
    const answers = table((await get(`/admin/results/${wave.id}`)).body, 'Antwoorden: ‘Wat is op dit moment het belangrijkste knelpunt');
    expect(answers.filter((r) => r.length === 1 && ['Capaciteit', 'Overig', 'Nog niet ingedeeld'].includes(r[0]!.text)).map((r) => r[0]!.text)).toEqual(['Capaciteit', 'Overig', 'Nog niet ingedeeld']);
  });

  it('refuses a category of another item with 404 and changes nothing', async () => {
    await post(`/admin/results/${wave.id}/open/Q34/categorieen`, { label: 'Wijkteams' });
    const q34 = (await get(`/admin/results/${wave.id}/open/Q34`, researcher)).body;
    const foreign = /<option value="(\d+)"[^>]*>Wijkteams<\/option>/.exec(q34)![1]!;
    const field = decode(/<select id="c-\d+" name="(code:[^"]+)"/.exec((await get(base(), researcher)).body)![1]!);
    const before = (await get(`/admin/results/${wave.id}`)).body;
    expect((await post(`${base()}/indeling`, { [field]: foreign })).statusCode).toBe(404);
    expect((await get(`/admin/results/${wave.id}`)).body).toBe(before);
  });
});

describe('per house', () => {
  it('lets the coördinator of the wave\'s house do the work, one of another house not even see it, and logs it with the wave and house', async () => {
    const coordinator = await loginAs(t.app, [{ kind: 'coordinator', houseId: wave.house_id }], { email: 'coordinator-eigen@example.test' });
    const stranger = await loginAs(t.app, [{ kind: 'coordinator', houseId: await makeHouse(t.app, 'Veiligheidshuis Elders') }], { email: 'coordinator-elders@example.test' });
    const houseEvaluator = await loginAs(t.app, [{ kind: 'evaluator', houseId: wave.house_id }], { email: 'evaluator-eigen@example.test' });
    expect((await get(`/admin/results/${wave.id}`, coordinator)).body).toContain(`href="${base()}"`);
    expect((await get(base(), stranger)).statusCode).toBe(404);
    expect((await post(`${base()}/categorieen`, { label: 'Regie' }, stranger)).statusCode).toBe(404);
    expect((await get(base(), houseEvaluator)).statusCode).toBe(403);
    expect((await get(`/admin/results/${wave.id}`, houseEvaluator)).body).not.toContain('/open/Q16');

    expect((await post(`${base()}/categorieen`, { label: 'Regie' }, coordinator)).statusCode).toBe(303);
    const entry = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect([entry.action, entry.user_id, entry.wave_id, entry.house_id]).toEqual(['open_answer.category_added', coordinator.user.id, wave.id, wave.house_id]);
    const audit = decode((await get(`/admin/audit?huis=${wave.house_id}&soort=openAnswers`, researcher)).body);
    expect(audit).toContain('categorie voor open antwoorden toegevoegd');
    expect(audit).toContain('vraag: Q16');
    expect(audit).toContain('naam categorie: Regie');
    expect(audit).toContain('open antwoord ingekort');
    expect(audit).toContain('tekens weggelaten:');
    expect(audit).not.toContain('Bakker');
  });
});
