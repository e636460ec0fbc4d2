/**
 * Finding 11 of issue 15: with a full disk respondents got a 500 and the log said only "cannot
 * rollback - no transaction is active" (SQLite had already rolled the transaction back; the second
 * rollback's error hid SQLITE_FULL). Here the database really runs full (PRAGMA max_page_count at its
 * current size, after a VACUUM left no free pages) under a page save and under the final submit:
 * the respondent gets a Dutch 503 "probeer het zo opnieuw" page, the log names SQLITE_FULL, nothing
 * stored before is lost, and the same form succeeds once there is room again.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logSerializers } from '../../server/logging.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { Client, pageForm, textOf, type Page } from '../helpers/formClient.js';
import { questionnaireFolder } from '../helpers/questionnaire.js';

const STATEMENTS = 500;

const vol = {
  id: 'vol',
  version: '1',
  title: 'Schijf vol',
  answerScales: { mate: [1, 2, 3, 4].map((value) => ({ value, label: `mate ${value}` })) },
  pages: [
    { id: 'een', blocks: [{ type: 'single', code: 'Q1', text: 'Functie', required: true, options: [{ value: 1, label: 'politie' }, { value: 2, label: 'gemeente' }] }] },
    { id: 'twee', blocks: [{ type: 'open', code: 'Q2', text: 'Toelichting', multiline: true, maxLength: 20000 }] },
    {
      id: 'drie',
      blocks: [
        { type: 'likert', code: 'Q3', scale: 'mate', statements: Array.from({ length: STATEMENTS }, (_, i) => ({ code: `Q3_${i + 1}`, text: `Stelling ${i + 1}` })) },
      ],
    },
  ],
};

const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireFolder([vol]) }, { logger: { level: 'info', stream, serializers: logSerializers } });
});
afterAll(async () => {
  await t?.close();
});

/** No free page left and no room to grow: the next write that needs a page fails with SQLITE_FULL. */
async function fillDisk(): Promise<void> {
  await sql`vacuum`.execute(t.app.db);
  const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(t.app.db)).rows[0]!.page_count);
  await sql.raw(`pragma max_page_count = ${pages}`).execute(t.app.db);
}

async function freeDisk(): Promise<void> {
  await sql`pragma max_page_count = 1073741823`.execute(t.app.db);
}

function expectTryAgainPage(page: Page): void {
  expect(page.status).toBe(503);
  expect(page.html).toContain('Probeer het zo opnieuw');
  expect(textOf(page.html)).toContain('Wat u eerder hebt opgeslagen, is bewaard');
  expect(page.html).not.toMatch(/SQLITE|rollback|stack/i);
}

function loggedCause(): void {
  const log = lines.join('');
  expect(log).toContain('SQLITE_FULL');
  expect(log).not.toContain('cannot rollback');
}

describe('a full disk', () => {
  it('answers a page save with a Dutch 503, logs SQLITE_FULL, keeps every earlier answer, and stores the page when there is room again', async () => {
    const wave = await makeWave(t.app, 'vol', { anonymous: 0 });
    const { token, invitationId } = await makeInvitee(t.app, wave);
    const client = new Client(t.app);
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await client.submit(pageForm(page), { Q1: '1' }, 'Volgende');
    expect(page.url).toBe(`/r/${token}/pagina/2`);
    const form = pageForm(page);

    await fillDisk();
    const long = 'Een lange toelichting. '.repeat(650);
    const refused = await client.submit(form, { Q2: long }, 'Volgende');
    expectTryAgainPage(refused);
    loggedCause();
    const draft = await t.app.db.selectFrom('drafts').selectAll().where('invitation_id', '=', invitationId).executeTakeFirstOrThrow();
    expect(JSON.parse(draft.values_json)).toEqual({ Q1: 1 });
    expect(draft.page).toBe(1);

    // an API caller gets problem+json with the same message
    const api = await t.app.inject({ method: 'POST', url: form.action, headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', cookie: '' }, payload: new URLSearchParams({ _csrf: form.controls.find((c) => c.name === '_csrf')!.value, _action: 'next', Q2: long }).toString() });
    expect(api.statusCode).toBe(503);
    expect(api.json()).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE', title: 'Probeer het zo opnieuw' });

    await freeDisk();
    page = await client.submit(form, { Q2: long }, 'Volgende');
    expect(page.url).toBe(`/r/${token}/pagina/3`);
    const saved = await t.app.db.selectFrom('drafts').select('values_json').where('invitation_id', '=', invitationId).executeTakeFirstOrThrow();
    expect(JSON.parse(saved.values_json)).toEqual({ Q1: 1, Q2: long.trim() });
  });

  it('answers the final submit with a Dutch 503 and stores nothing half; the same form sends the response once there is room', async () => {
    lines.length = 0;
    const wave = await makeWave(t.app, 'vol', { anonymous: 1 });
    const { token, invitationId } = await makeInvitee(t.app, wave);
    const client = new Client(t.app);
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await client.submit(pageForm(page), { Q1: '2' }, 'Volgende');
    page = await client.submit(pageForm(page), { Q2: 'kort' }, 'Volgende');
    expect(page.url).toBe(`/r/${token}/pagina/3`);
    const answers = Object.fromEntries(Array.from({ length: STATEMENTS }, (_, i) => [`Q3_${i + 1}`, String(1 + (i % 4))]));
    // the last page is saved on the way to the check page, so only the submit itself needs room
    page = await client.submit(pageForm(page), answers, 'Volgende');
    expect(page.url).toBe(`/r/${token}/controle`);
    const form = pageForm(page);

    await fillDisk();
    const refused = await client.submit(form, {}, 'Versturen');
    expectTryAgainPage(refused);
    loggedCause();
    expect(await t.app.db.selectFrom('responses').select('id').where('wave_id', '=', wave.id).execute()).toEqual([]);
    const invitation = await t.app.db.selectFrom('invitations').select(['status', 'responses_count']).where('id', '=', invitationId).executeTakeFirstOrThrow();
    expect(invitation).toEqual({ status: 'started', responses_count: 0 });
    const draft = await t.app.db.selectFrom('drafts').select('values_json').where('invitation_id', '=', invitationId).executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(draft.values_json) as object)).toHaveLength(2 + STATEMENTS);

    await freeDisk();
    page = await client.submit(form, {}, 'Versturen');
    expect(page.url).toBe(`/r/${token}/klaar`);
    const responses = await t.app.db.selectFrom('responses').select('id').where('wave_id', '=', wave.id).execute();
    expect(responses).toHaveLength(1);
    const stored = await t.app.db.selectFrom('answers').select('variable').where('response_id', '=', responses[0]!.id).execute();
    expect(stored).toHaveLength(2 + STATEMENTS);
  });
});
