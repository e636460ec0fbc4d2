/**
 * Fieldwork end to end over a real SMTP server on loopback, acting only on what arrives there: the
 * link in a received invitation is followed to the respondent pages and the questionnaire is
 * completed through its forms; the opt-out link of a received message is confirmed on its page, or
 * used as a one-click List-Unsubscribe; and then the reminder rounds reach exactly those who neither
 * completed nor opted out, with their own link again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findInvitationContext } from '../../server/db/repositories/invitations.js';
import { createSmtpTransport, type SmtpTransport } from '../../server/mail/transport.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { startSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../helpers/smtp.js';
import { Client, pageForm, type Page } from '../helpers/formClient.js';

let smtp: TestSmtpServer;
let transport: SmtpTransport;
let t: TestApp;

beforeEach(async () => {
  smtp = await startSmtpServer();
  transport = createSmtpTransport(smtp.url);
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() }, { mailTransport: transport });
});

afterEach(async () => {
  await t.close();
  await transport.close();
  await smtp.close();
});

const DAY = 24 * 3600 * 1000;
const BASE = 'http://survey.test';

/** The one message a recipient got in this round (fails on none or more than one). */
function messageTo(messages: ReceivedMessage[], email: string): ReceivedMessage {
  const mine = messages.filter((m) => m.envelopeTo.includes(email));
  expect(mine, email).toHaveLength(1);
  return mine[0]!;
}

/** The survey link of a received message, the same in the text part and as the HTML button. */
function surveyLinkOf(m: ReceivedMessage): string {
  const inText = new RegExp(`${BASE}/r/[A-Za-z0-9_-]{43}`).exec(m.text)?.[0];
  expect(inText, m.text).toBeDefined();
  const inHtml = new RegExp(`<a href="(${BASE}/r/[^"]+)"`).exec(m.html)?.[1];
  expect(inHtml).toBe(inText);
  return inText!;
}

/** The opt-out link of a received message, the same in the text part and in List-Unsubscribe. */
function optOutLinkOf(m: ReceivedMessage): string {
  const inText = new RegExp(`${BASE}/optout/\\d+\\.[A-Za-z0-9_-]{43}`).exec(m.text)?.[0];
  expect(inText, m.text).toBeDefined();
  expect(m.headers['list-unsubscribe']).toBe(`<${inText}>`);
  return inText!;
}

/** Open a link from a message as a browser would (the host is BASE_URL's, i.e. this app). */
function pathOf(link: string): string {
  expect(link.startsWith(`${BASE}/`)).toBe(true);
  return link.slice(BASE.length);
}

async function next(client: Client, page: Page, fields: Record<string, string>): Promise<Page> {
  return client.submit(pageForm(page), fields, 'Volgende');
}

/** From the intro page of a survey link: press Beginnen and answer the first page only. */
async function start(client: Client, link: string): Promise<Page> {
  const intro = await client.get(pathOf(link));
  expect(intro.status).toBe(200);
  const begin = /<a class="button button-primary" href="([^"]+)">Beginnen<\/a>/.exec(intro.html)?.[1];
  expect(begin).toBe(`${pathOf(link)}/pagina/1`);
  const first = await client.get(begin!);
  expect(first.status).toBe(200);
  return next(client, first, { Q1: '1', Q2: '0' });
}

/** Fill in the whole fixture questionnaire from a survey link; returns the thank-you page. */
async function complete(client: Client, link: string): Promise<Page> {
  let page = await start(client, link);
  page = await next(client, page, { M1_1: '4', M1_2: '3', M1_3: '5', M2_1: '2' });
  page = await next(client, page, { Q6_a: '50', Q6_b: '50', Q6_c: '0' });
  page = await next(client, page, { Q9: '0' });
  return client.submit(pageForm(page), {}, 'Versturen');
}

async function invitationStatus(email: string): Promise<string> {
  const row = await t.app.db
    .selectFrom('invitations')
    .innerJoin('participants', 'participants.id', 'invitations.participant_id')
    .select('invitations.status')
    .where('participants.email', '=', email)
    .executeTakeFirstOrThrow();
  return row.status;
}

describe('fieldwork over SMTP, driven by the received messages', () => {
  it('follows the invitation link to a completed response, honours both opt-outs, and reminds only the others', async () => {
    const wave = await makeWave(t.app, 'proef', {
      house: 'Veiligheidshuis Zaanstreek',
      sender_name: 'Team Onderzoek',
      reminder_days: '[7,14]',
      closes_at: '2026-12-20T22:59:59.999Z',
    });
    const people = {
      anne: await makeInvitee(t.app, wave, { email: 'anne@politie.test', name: 'Anne de Wit' }),
      bert: await makeInvitee(t.app, wave, { email: 'bert@gemeente.test', name: 'Bert Bos' }),
      carla: await makeInvitee(t.app, wave, { email: 'carla@zorg.test', name: null }),
      dirk: await makeInvitee(t.app, wave, { email: 'dirk@om.test', name: 'Dirk Dekker' }),
      erik: await makeInvitee(t.app, wave, { email: 'erik@reclassering.test', name: 'Erik Eng' }),
    };
    const start0 = t.app.now().getTime();

    // the invitations
    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 5 });
    const invitations = smtp.messages.slice();
    const links = new Map<string, string>();
    for (const [key, p] of Object.entries(people)) {
      const m = messageTo(invitations, p.participant.email);
      expect(m.subject).toBe('Uitnodiging: enquête over de samenwerking – Veiligheidshuis Zaanstreek');
      expect(m.headers.from).toBe('Team Onderzoek <onderzoek@veiligheidshuis.test>');
      expect(m.text).toContain(`Beste ${p.participant.name ?? 'netwerkpartner'},`);
      expect(m.text).toContain('Namens Veiligheidshuis Zaanstreek onderzoeken wij');
      expect(m.text).toContain('De vragenlijst sluit op 20 december 2026.');
      const link = surveyLinkOf(m);
      // each person's message carries their own invitation link and their own opt-out link
      expect((await findInvitationContext(t.app.db, link.split('/r/')[1]!))?.participant.id, key).toBe(p.participant.id);
      expect(optOutLinkOf(m)).toContain(`/optout/${p.participant.id}.`);
      links.set(p.participant.email, link);
    }

    // Anne follows the link in her message and completes the questionnaire
    const thanks = await complete(new Client(t.app), links.get('anne@politie.test')!);
    expect(thanks.status).toBe(200);
    expect(thanks.html).toContain('Dank voor het meedoen.');
    expect(await invitationStatus('anne@politie.test')).toBe('completed');
    expect(await t.app.db.selectFrom('responses').select('id').where('wave_id', '=', wave.id).execute()).toHaveLength(1);

    // Bert opens the opt-out link in his message and confirms on the page
    const bertClient = new Client(t.app);
    const confirm = await bertClient.get(pathOf(optOutLinkOf(messageTo(invitations, 'bert@gemeente.test'))));
    expect(confirm.status).toBe(200);
    const done = await bertClient.submit(confirm.forms[0]!, {}, 'Ja, meld mij af');
    expect(done.status).toBe(200);
    expect(done.html).toContain('U bent afgemeld');

    // Carla's mail program unsubscribes with one click on the List-Unsubscribe header
    const header = messageTo(invitations, 'carla@zorg.test').headers['list-unsubscribe']!.slice(1, -1);
    const oneClick = await t.app.inject({ method: 'POST', url: pathOf(header), payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(oneClick.statusCode).toBe(200);

    // Dirk starts but does not finish; Erik does nothing yet
    await start(new Client(t.app), links.get('dirk@om.test')!);
    expect(await invitationStatus('dirk@om.test')).toBe('started');

    // nothing more before the first reminder day
    t.setNow(new Date(start0 + 7 * DAY - 60_000));
    expect((await t.app.mailer.runPass()).sent).toBe(0);
    expect(smtp.messages).toHaveLength(5);

    // reminder 1: only Dirk and Erik, each with the link of their invitation
    t.setNow(new Date(start0 + 7 * DAY + 1000));
    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 2, skipped: 3 });
    const round1 = smtp.messages.slice(5);
    expect(round1.map((m) => m.envelopeTo[0]).sort()).toEqual(['dirk@om.test', 'erik@reclassering.test']);
    for (const m of round1) {
      expect(m.subject).toBe('Herinnering: enquête over de samenwerking – Veiligheidshuis Zaanstreek');
      expect(surveyLinkOf(m)).toBe(links.get(m.envelopeTo[0]!));
    }
    expect(messageTo(round1, 'erik@reclassering.test').text).toContain('Beste Erik Eng,');

    // Erik completes through the link in his reminder
    await complete(new Client(t.app), surveyLinkOf(messageTo(round1, 'erik@reclassering.test')));
    expect(await invitationStatus('erik@reclassering.test')).toBe('completed');

    // reminder 2: only Dirk is left
    t.setNow(new Date(start0 + 14 * DAY + 1000));
    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 1, skipped: 4 });
    expect(smtp.messages.slice(7).map((m) => m.envelopeTo[0])).toEqual(['dirk@om.test']);

    const perRecipient = new Map<string, number>();
    for (const m of smtp.messages) perRecipient.set(m.envelopeTo[0]!, (perRecipient.get(m.envelopeTo[0]!) ?? 0) + 1);
    expect(Object.fromEntries(perRecipient)).toEqual({
      'anne@politie.test': 1,
      'bert@gemeente.test': 1,
      'carla@zorg.test': 1,
      'dirk@om.test': 3,
      'erik@reclassering.test': 2,
    });

    // the skipped reminders say why
    const skipped = await t.app.db
      .selectFrom('mail_jobs')
      .innerJoin('participants', 'participants.id', 'mail_jobs.participant_id')
      .select(['participants.email', 'mail_jobs.round', 'mail_jobs.last_error'])
      .where('mail_jobs.status', '=', 'skipped')
      .orderBy('participants.email')
      .orderBy('mail_jobs.round')
      .execute();
    expect(skipped.map((s) => `${s.email} ${s.round}: ${s.last_error}`)).toEqual([
      'anne@politie.test 1: heeft de vragenlijst al ingevuld',
      'anne@politie.test 2: heeft de vragenlijst al ingevuld',
      'bert@gemeente.test 1: afgemeld',
      'bert@gemeente.test 2: afgemeld',
      'carla@zorg.test 1: afgemeld',
      'carla@zorg.test 2: afgemeld',
      'erik@reclassering.test 2: heeft de vragenlijst al ingevuld',
    ]);
  });
});
