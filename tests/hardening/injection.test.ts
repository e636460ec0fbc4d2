/**
 * Injection: questionnaire texts, wave settings, participant names and attributes and respondents'
 * answers carrying HTML, script and spreadsheet formulas are shown escaped on every page (respondent
 * and admin), in e-mails, and neutralised in every CSV and XLSX cell.
 */
import { findWave } from '../../server/db/repositories/waves.js';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuestionnaireInput } from '../../server/domain/questionnaire/schema.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, type LoggedIn } from '../helpers/auth.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { proefInput, questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { Client, pageForm, type Page } from '../helpers/formClient.js';
import { completeProef } from '../helpers/proefAnswers.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil.example","klik")';

const SCRIPT_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';
const IMG_ESCAPED = '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;';

/** Markup that must never come out of a payload: a script without src, an event handler, the injected image. */
function expectNoInjectedMarkup(html: string, where: string): void {
  expect(html, where).not.toContain(SCRIPT);
  expect(html, where).not.toContain('<img src=x');
  for (const tag of html.match(/<[a-zA-Z][^>]*>/g) ?? []) {
    // attribute values are text (their quotes and brackets escaped); what is left are the attribute names
    const names = tag.replace(/"[^"]*"|'[^']*'/g, '""');
    expect(names, `${where}: ${tag}`).not.toMatch(/\son[a-z]+\s*=/i);
    if (/^<script/i.test(tag)) expect(tag, where).toMatch(/^<script src="\/static\/[\w.-]+\.js"( defer)?>$/);
  }
}

/** The fixture questionnaire with payloads in its texts, labels, aspects and background. */
function hostileQuestionnaire(): QuestionnaireInput {
  const q = structuredClone(proefInput) as QuestionnaireInput & Record<string, unknown>;
  q.id = 'vijandig';
  q.title = `Proef ${SCRIPT}`;
  q.intro = `Inleiding ${IMG}`;
  q.closing = `Slot ${SCRIPT}`;
  const pages = q.pages as Array<{ title?: string; blocks: Array<Record<string, unknown>> }>;
  pages[0]!.title = `Over u ${IMG}`;
  const q1 = pages[0]!.blocks[0]!;
  q1.text = `Welk overleg? ${SCRIPT}`;
  q1.help = `Hulptekst ${IMG}`;
  const options = q1.options as Array<Record<string, unknown>>;
  options[0]!.label = `Jeugd ${IMG}`;
  options[1]!.label = FORMULA;
  options[2]!.otherLabel = `Anders ${SCRIPT}`;
  const matrix = pages[1]!.blocks;
  matrix[0]!.text = `Uitleg ${SCRIPT}`;
  const statements = matrix[1]!.statements as Array<Record<string, unknown>>;
  statements[0]!.text = `Het doel ${IMG}`;
  statements[1]!.text = FORMULA;
  q.aspects = [{ id: 'oordeel', label: `Oordeel ${SCRIPT}`, items: ['M1_1', 'M1_2', 'M1_3'] }];
  q.background = [{ id: 'overleg', label: `Overleg ${IMG}`, question: 'Q1' }];
  return q;
}

let t: TestApp;
let researcher: LoggedIn;
let waveId: string;
let tokens: string[];

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir([hostileQuestionnaire()]) });
  const { app } = t;
  researcher = await loginAs(app, 'researcher', { name: `Onderzoeker ${SCRIPT}` });
  const wave = await makeWave(app, 'vijandig', { anonymous: 0, min_cell_size: 1, title: `Ronde ${SCRIPT}`, house: `Huis ${IMG}`, sender_name: `Afzender ${SCRIPT}` });
  waveId = wave.id;
  tokens = [];
  for (let i = 0; i < 3; i++) {
    const { token } = await makeInvitee(app, wave, {
      email: `p${i}@partner.example`,
      name: i === 0 ? SCRIPT : i === 1 ? IMG : FORMULA,
      attributes: { organisatie: IMG, functie: FORMULA, [`kenmerk ${SCRIPT}`]: 'x' },
    });
    tokens.push(token);
  }
  await app.mailer.runPass();
  for (const [i, token] of tokens.entries()) {
    const page = await completeProef(new Client(app), `/r/${token}`, {
      p1: { Q1: String(i + 1), Q1_other: i === 2 ? FORMULA : '', Q2: '1' },
      p3: { Q3: ['1', '3'], Q3_other: `+SUM(1;2) ${SCRIPT}`, Q4_1: SCRIPT, Q4_2: IMG, Q4_3: '@cmd|calc', Q5: '40' },
      p4: { Q8: '-2+3', Q7: `${IMG}\n=1+1` },
      p5: { Q9: '1', Q10_naam: SCRIPT, Q10_email: 'anne@partner.example' },
    });
    expect(page.url).toBe(`/r/${token}/klaar`);
  }
});

afterAll(async () => {
  await t?.close();
});

async function admin(url: string) {
  const res = await t.app.inject({ url, headers: { accept: 'text/html', cookie: researcher.cookie } });
  expect(res.statusCode, url).toBe(200);
  return res;
}

describe('respondent pages', () => {
  it('show questionnaire texts, labels and the respondent\'s own answers escaped, on every page and on a re-render', async () => {
    const { app } = t;
    const wave = (await findWave(app.db, waveId))!;
    const { token } = await makeInvitee(app, wave, { email: 'nieuw@partner.example', name: SCRIPT });
    const client = new Client(app);
    const seen: Page[] = [];
    seen.push(await client.get(`/r/${token}`));
    expect(seen[0]!.html).toContain(IMG_ESCAPED);
    let page = await client.get(`/r/${token}/pagina/1`);
    seen.push(page);
    expect(page.html).toContain(SCRIPT_ESCAPED);
    // an invalid page comes back with what was typed, escaped inside the value attribute
    page = await client.submit(pageForm(page), { Q1: '3', Q1_other: IMG }, 'Volgende');
    expect(page.status).toBe(422);
    seen.push(page);
    expect(page.html).toContain(`value="${IMG_ESCAPED}"`);
    page = await client.submit(pageForm(page), { Q1: '3', Q1_other: IMG, Q2: '1' }, 'Volgende');
    seen.push(page);
    page = await client.submit(pageForm(page), { M1_1: '4', M1_2: '3', M1_3: '5' }, 'Volgende');
    seen.push(page);
    page = await client.submit(pageForm(page), { Q4_1: SCRIPT, Q4_2: IMG, Q5: '40' }, 'Volgende');
    seen.push(page);
    page = await client.submit(pageForm(page), { Q6_a: '50', Q6_b: '30', Q6_c: '20', Q8: SCRIPT, Q7: `</textarea>${SCRIPT}` }, 'Vorige');
    seen.push(page);
    // back on page 3: the stored list entries are shown again, escaped; forward again to page 4
    expect(page.url).toBe(`/r/${token}/pagina/3`);
    expect(page.html).toContain(`value="${SCRIPT_ESCAPED}"`);
    page = await client.submit(pageForm(page), {}, 'Volgende');
    seen.push(page);
    expect(page.url).toBe(`/r/${token}/pagina/4`);
    expect(page.html).toContain(`&lt;/textarea&gt;${SCRIPT_ESCAPED}</textarea>`);
    page = await client.submit(pageForm(page), {}, 'Volgende');
    page = await client.submit(pageForm(page), { Q9: '1', Q10_naam: SCRIPT, Q10_email: 'x@partner.example' }, 'Volgende');
    seen.push(page);
    page = await client.submit(pageForm(page), {}, 'Versturen');
    seen.push(page);
    expect(page.url).toBe(`/r/${token}/klaar`);
    for (const p of seen) expectNoInjectedMarkup(p.html, p.url);
  });
});

describe('admin pages', () => {
  it('show wave settings, participants\' names and attributes, user names and results escaped', async () => {
    const participant = await t.app.db.selectFrom('participants').select('id').where('name', '=', SCRIPT).executeTakeFirstOrThrow();
    const message = await t.app.db.selectFrom('outbox').select('id').orderBy('id').executeTakeFirstOrThrow();
    const listEntry = await t.app.db.selectFrom('answers').select('response_id').where('variable', '=', 'Q4_1').where('txt', '=', SCRIPT).executeTakeFirstOrThrow();
    const pages = [
      '/admin/waves',
      `/admin/waves/${waveId}`,
      `/admin/waves/${waveId}/edit`,
      `/admin/waves/${waveId}/participants`,
      `/admin/waves/${waveId}/participants?q=${encodeURIComponent(SCRIPT)}`,
      `/admin/waves/${waveId}/participants/${participant.id}/edit`,
      `/admin/waves/${waveId}/participants/${participant.id}/remove`,
      `/admin/waves/${waveId}/rates`,
      `/admin/waves/${waveId}/mail`,
      '/admin/participants',
      '/admin/users',
      '/admin/mail',
      '/admin/outbox',
      `/admin/outbox/${message.id}`,
      '/admin/results',
      `/admin/results/${waveId}`,
      `/admin/results/${waveId}/rapport`,
      `/admin/waves/${waveId}/kopie`,
      `/admin/waves/${waveId}/verwijderen`,
      `/admin/waves/${waveId}/bekijken`,
      `/admin/waves/${waveId}/bekijken/pagina/1`,
      `/admin/waves/${waveId}/bekijken/pagina/2`,
      '/admin/questionnaires',
      '/admin/questionnaires/vijandig/1',
      '/admin/questionnaires/vijandig/1/afdrukken',
      '/admin/questionnaires/vijandig/1/verschil?met=1',
      '/admin/questionnaires/vijandig/1/bekijken/pagina/3',
      '/admin/questionnaires/nieuw?basis=vijandig%401',
      `/admin/results/${waveId}/open/Q4`,
      `/admin/results/${waveId}/open/Q4/antwoord/${listEntry.response_id}.Q4_1`,
      `/admin/results/${waveId}/open/Q3_other`,
    ];
    const bodies = new Map<string, string>();
    for (const url of pages) {
      const res = await admin(url);
      expectNoInjectedMarkup(res.body, url);
      bodies.set(url, res.body);
    }
    const list = bodies.get(`/admin/waves/${waveId}/participants`)!;
    expect(list).toContain(SCRIPT_ESCAPED);
    expect(list).toContain(IMG_ESCAPED);
    expect(bodies.get(`/admin/waves/${waveId}/participants/${participant.id}/edit`)).toContain(`value="${SCRIPT_ESCAPED}"`);
    expect(bodies.get('/admin/waves')).toContain(`Ronde ${SCRIPT_ESCAPED}`);
    expect(bodies.get('/admin/users')).toContain(`Onderzoeker ${SCRIPT_ESCAPED}`);
    expect(bodies.get(`/admin/results/${waveId}`)).toContain(`Oordeel ${SCRIPT_ESCAPED}`);
    expect(bodies.get('/admin/questionnaires/vijandig/1/afdrukken')).toContain(`Jeugd ${IMG_ESCAPED}`);
    expect(bodies.get(`/admin/waves/${waveId}/bekijken/pagina/1`)).toContain(`Welk overleg? ${SCRIPT_ESCAPED}`);
    expect(bodies.get('/admin/questionnaires/nieuw?basis=vijandig%401')).toContain(`Proef ${SCRIPT_ESCAPED}`);
    // the open answers: on the results page, the researcher's list and the redaction form (in its textarea too)
    expect(bodies.get(`/admin/results/${waveId}`)).toContain(`<td class="prose">${SCRIPT_ESCAPED}</td>`);
    expect(bodies.get(`/admin/results/${waveId}/open/Q4`)).toContain(SCRIPT_ESCAPED);
    expect(bodies.get(`/admin/results/${waveId}/open/Q4/antwoord/${listEntry.response_id}.Q4_1`)).toContain(`${SCRIPT_ESCAPED}</textarea>`);
  });
  it('show rejected CSV rows and re-rendered forms escaped', async () => {
    const csv = [`email,naam,organisatie`, `${SCRIPT},${SCRIPT},x`, `"a${IMG}@x.nl",b,c`, `ok@partner.example,"${IMG.replace(/"/g, '""')}",${FORMULA.replace(/"/g, '""')}`].join('\n');
    const imported = await t.app.inject({
      method: 'POST',
      url: `/admin/waves/${waveId}/participants/import`,
      headers: { accept: 'text/html', cookie: researcher.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: researcher.csrf, csv }).toString(),
    });
    expect(imported.statusCode).toBe(422);
    expectNoInjectedMarkup(imported.body, 'import');
    expect(imported.body).toContain(SCRIPT_ESCAPED);
    const form = await t.app.inject({
      method: 'POST',
      url: `/admin/waves/${waveId}`,
      headers: { accept: 'text/html', cookie: researcher.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: researcher.csrf, title: SCRIPT, house: IMG, closes: 'geen datum', senderEmail: IMG }).toString(),
    });
    expect(form.statusCode).toBe(422);
    expectNoInjectedMarkup(form.body, 'wave form');
    expect(form.body).toContain(`value="${IMG_ESCAPED}"`);
  });
});

describe('e-mails', () => {
  it('escape names, house and sender in the HTML part; the outbox viewer serves it under a CSP without scripts', async () => {
    const messages = await t.app.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(messages.length).toBe(3);
    const names = [SCRIPT, IMG, FORMULA];
    for (const [i, m] of messages.entries()) {
      expectNoInjectedMarkup(m.html_body, `outbox ${m.id}`);
      expect(m.html_body).toContain(`Huis ${IMG_ESCAPED}`);
      expect(m.html_body).toContain(`Afzender ${SCRIPT_ESCAPED}`);
      // the text part is plain text: shown as typed, nothing to escape
      expect(m.text_body).toContain(`Beste ${names[i]}`);
      expect(m.subject).not.toMatch(/[\r\n]/);
      const served = await admin(`/admin/outbox/${m.id}/html`);
      expectNoInjectedMarkup(served.body, `outbox html ${m.id}`);
      expect(String(served.headers['content-security-policy'])).toContain("script-src 'self'");
    }
    expect(messages[0]!.html_body).toContain(`Beste ${SCRIPT_ESCAPED}`);
  });
});

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function expectNeutralised(cell: string, where: string): void {
  if (NUMBER.test(cell)) return;
  expect(cell, where).not.toMatch(FORMULA_START);
}

describe('exports', () => {
  it('neutralise every CSV cell that would start a formula (raw data and codebook)', async () => {
    for (const format of ['csv', 'codebook']) {
      const res = await admin(`/admin/results/${waveId}/download/${format}`);
      const rows = parse(res.body.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
      let cells = 0;
      for (const row of rows) for (const cell of row) expectNeutralised(cell, `${format}: ${cell}`), (cells += 1);
      expect(cells).toBeGreaterThan(10);
      if (format === 'csv') {
        const text = rows.flat();
        expect(text).toContain(`'${FORMULA}`);
        expect(text).toContain(`'@cmd|calc`);
        expect(text).toContain(`'-2+3`);
        expect(text).toContain(`'+SUM(1;2) ${SCRIPT}`);
      } else {
        expect(rows.flat()).toContain(`'${FORMULA}`);
      }
    }
  });

  it('neutralise every XLSX text cell and write no formulas', async () => {
    const res = await t.app.inject({ url: `/admin/results/${waveId}/download/xlsx`, headers: { cookie: researcher.cookie } });
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    let texts = 0;
    const all: string[] = [];
    workbook.eachSheet((sheet) => {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Hyperlink);
          if (typeof cell.value === 'string') {
            texts += 1;
            all.push(cell.value);
            expectNeutralised(cell.value, `${sheet.name}!${cell.address}: ${cell.value}`);
          }
        });
      });
    });
    expect(texts).toBeGreaterThan(20);
    expect(all).toContain(`'${FORMULA}`);
    // and names or e-mail addresses of participants are not in it at all
    expect(all.join('\n')).not.toContain('p0@partner.example');
  });
});
