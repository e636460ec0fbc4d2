/**
 * Finding 6 of issue 15: the local outbox showed every personal link to every researcher, and
 * opening one showed that named person's saved answers and let one answer as them. Attacked here
 * as the finding did: a researcher reads the outbox list, each message and its HTML part, and follows
 * every link in them. None opens a questionnaire or an opt-out form; neither the pages nor the stored
 * copies hold a working token. Copies stored before are masked by migration 2026_12_02_0646.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optOutToken } from '../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, type LoggedIn } from '../helpers/auth.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { Client, pageForm } from '../helpers/formClient.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

let t: TestApp;
let researcher: LoggedIn;
const tokens: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  const wave = await makeWave(t.app, 'proef', { anonymous: 0, reminder_days: '[7]' });
  for (let i = 0; i < 3; i++) {
    const invitee = await makeInvitee(t.app, wave, { email: `persoon${i}@example.test`, name: `Persoon ${i}` });
    tokens.push(invitee.token, optOutToken(t.app.secrets, invitee.participant.id));
  }
  // someone has saved answers: a working link would show them
  const respondent = new Client(t.app);
  await respondent.submit(pageForm(await respondent.get(`/r/${tokens[0]}/pagina/1`)), { Q1: '2', Q2: '1' }, 'Volgende');
  await t.app.mailer.runPass();
  t.setNow(new Date(t.app.now().getTime() + 8 * 24 * 3600 * 1000));
  await t.app.mailer.runPass();
  researcher = await loginAs(t.app, 'researcher');
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ url, headers: { cookie: researcher.cookie, accept: 'text/html' } });

describe('the outbox', () => {
  it('shows no working personal link: every link in the list, the messages and their HTML leads nowhere', async () => {
    const list = await get('/admin/outbox');
    expect(list.statusCode).toBe(200);
    const ids = [...list.body.matchAll(/href="\/admin\/outbox\/(\d+)"/g)].map((m) => m[1]!);
    expect(ids).toHaveLength(6);
    const pages = [list.body];
    for (const id of ids) pages.push((await get(`/admin/outbox/${id}`)).body, (await get(`/admin/outbox/${id}/html`)).body);
    const everything = pages.join('\n');
    for (const token of tokens) expect(everything).not.toContain(token);
    const links = new Set([...everything.matchAll(/https?:\/\/survey\.test(\/(?:r|o|optout)\/[^\s"<&]+)/g)].map((m) => m[1]!));
    expect(links.size).toBeGreaterThanOrEqual(6);
    for (const link of links) {
      expect(link).toMatch(/^\/(r|optout)\/[A-Za-z0-9_.-]{4}…$/);
      const visit = await t.app.inject({ url: encodeURI(link), headers: { accept: 'text/html' } });
      expect(visit.statusCode, link).toBe(404);
      expect(visit.body).not.toContain('name="Q1"');
    }
  });

  it('stores its copies with the links masked, headers included', async () => {
    const rows = await t.app.db.selectFrom('outbox').select(['text_body', 'html_body', 'headers']).execute();
    expect(rows).toHaveLength(6);
    const stored = JSON.stringify(rows);
    for (const token of tokens) expect(stored).not.toContain(token);
    for (const row of rows) {
      expect(row.text_body).toMatch(/\/r\/[A-Za-z0-9_-]{4}…/);
      expect(JSON.parse(row.headers)['List-Unsubscribe']).toMatch(/^<http:\/\/survey\.test\/optout\/[0-9.A-Za-z_-]{4}…>$/);
    }
  });
});
