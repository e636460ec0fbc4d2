/**
 * Nothing is sent until the researcher says so: a concept wave's links do not work and no mail pass
 * touches it; the launch is confirmed with the number of invitations and when they go out; a test
 * mail reaches only the researcher; a concept can be deleted, a wave that mailed cannot; a new round
 * can be based on an earlier one; a closed wave no longer offers imports or open links.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findWave } from '../../../server/db/repositories/waves.js';
import { createSmtpTransport } from '../../../server/mail/transport.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { TableDigest } from '../../helpers/databaseFile.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { startSmtpServer } from '../../helpers/smtp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const QID = 'stappenmeter-doelbereik';
const DAY = 86_400_000;

function get(who: LoggedIn, url: string) {
  return t!.app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });
}

function post(who: LoggedIn, url: string, fields: Record<string, string | string[] | undefined> = {}) {
  return t!.app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: who.csrf, ...fields }),
  });
}

async function conceptWith(n: number, overrides: Parameters<typeof makeWave>[2] = {}) {
  const wave = await makeWave(t!.app, QID, { launched_at: null, opens_at: new Date(t!.app.now().getTime() + 7 * DAY).toISOString(), ...overrides });
  const invitees = [];
  for (let i = 0; i < n; i++) invitees.push(await makeInvitee(t!.app, wave));
  return { wave, invitees };
}

const counts = async () => {
  const db = t!.app.db;
  const n = async (table: 'mail_jobs' | 'outbox' | 'drafts' | 'responses') => (await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  return { jobs: await n('mail_jobs'), outbox: await n('outbox'), drafts: await n('drafts'), responses: await n('responses') };
};

describe('a concept wave', () => {
  it('has links that do not work (a clear Dutch page) and is never mailed, whatever the clock', async () => {
    t = await createTestApp();
    const { wave, invitees } = await conceptWith(3, { opens_at: new Date(t.app.now().getTime() - DAY).toISOString() });
    const link = await t.app.inject({ url: `/r/${invitees[0]!.token}`, headers: { accept: 'text/html' } });
    expect(link.statusCode).toBe(403);
    expect(link.body).toContain('Nog in voorbereiding');
    expect(link.body).toContain('Deze vragenlijst wordt nog voorbereid en kan nog niet worden ingevuld.');
    for (let minute = 0; minute <= 10; minute++) {
      t.setNow(new Date(Date.parse('2026-11-23T09:00:00Z') + minute * 60_000));
      const pass = await t.app.mailer.runPass();
      expect(pass.planned.invitations + pass.sent).toBe(0);
    }
    expect(await counts()).toEqual({ jobs: 0, outbox: 0, drafts: 0, responses: 0 });
    expect((await findWave(t.app.db, wave.id))!.launched_at).toBeNull();
  });
});

describe('launching', () => {
  it('asks for confirmation naming the number of invitations and when the first go out, then lets the mail passes send them', async () => {
    t = await createTestApp({ MAIL_INTERVAL_SECONDS: '60' });
    const who = await loginAs(t.app);
    const { wave, invitees } = await conceptWith(3);
    await t.app.db.updateTable('participants').set({ opted_out_at: t.app.now().toISOString() }).where('id', '=', invitees[2]!.participant.id).execute();

    const detail = await get(who, `/admin/waves/${wave.id}`);
    expect(detail.body).toContain('Uitnodigingen versturen (2)');
    expect(detail.body).toContain('Geen uitnodiging: 1 afgemeld.');
    const confirm = await get(who, `/admin/waves/${wave.id}/versturen`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('U verstuurt <strong>2 uitnodigingen</strong>');
    expect(confirm.body).toContain('De eerste gaan uit <strong>op 30 november 2026 om 10:00 (de openingsdatum)</strong>');
    expect(confirm.body).toContain('Ja, verstuur 2 uitnodigingen');
    // looking at the confirmation sends nothing
    expect((await findWave(t.app.db, wave.id))!.launched_at).toBeNull();

    const launched = await post(who, `/admin/waves/${wave.id}/versturen`);
    expect(launched.statusCode).toBe(303);
    expect(await findWave(t.app.db, wave.id)).toMatchObject({ launched_at: t.app.now().toISOString(), launched_by: who.user.email });
    const after = await get(who, String(launched.headers.location));
    expect(after.body).toContain('De ronde is verstuurd. De 2 uitnodigingen gaan uit op 30 november 2026 om 10:00 (de openingsdatum).');
    expect(after.body).toContain('<span class="state state-scheduled">gepland</span>');
    const audit = await t.app.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'wave_launched').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toEqual({ waveId: wave.id, invitations: 2, firstAt: wave.opens_at });
    // a second launch (a double click) changes nothing
    expect((await post(who, `/admin/waves/${wave.id}/versturen`)).statusCode).toBe(409);

    expect((await t.app.mailer.runPass()).sent).toBe(0);
    t.setNow(new Date(Date.parse(wave.opens_at) + 1000));
    expect((await t.app.mailer.runPass()).sent).toBe(2);
    expect((await t.app.inject({ url: `/r/${invitees[0]!.token}`, headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });

  it('says the invitations go out at once when the opening date has passed', async () => {
    t = await createTestApp({ MAIL_INTERVAL_SECONDS: '60' });
    const who = await loginAs(t.app);
    const { wave } = await conceptWith(1, { opens_at: new Date(t.app.now().getTime() - DAY).toISOString() });
    const confirm = await get(who, `/admin/waves/${wave.id}/versturen`);
    expect(confirm.body).toContain('De eerste gaat uit <strong>direct: bij de volgende verzending, binnen 60 seconden</strong>');
    await post(who, `/admin/waves/${wave.id}/versturen`);
    expect((await t.app.mailer.runPass()).sent).toBe(1);
  });

  it('refuses a wave that is not ready with the open points, and changes nothing', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const { wave } = await conceptWith(0);
    const confirm = await get(who, `/admin/waves/${wave.id}/versturen`);
    expect(confirm.body).toContain('De ronde is nog niet klaar om te versturen.');
    expect(confirm.body).not.toContain('Ja, verstuur');
    const refused = await t.app.inject({ method: 'POST', url: `/admin/waves/${wave.id}/versturen`, headers: { cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: who.csrf }) });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'NOT_READY', detail: 'De ronde is nog niet klaar om te versturen: Deelnemers: Importeer de deelnemers: er is nog niemand om uit te nodigen.' });
    expect((await findWave(t.app.db, wave.id))!.launched_at).toBeNull();
  });
});

describe('Stuur mij een test', () => {
  it('sends the invitation and the first reminder to the researcher through SMTP, with a link that opens the preview; nothing is stored in the wave', async () => {
    const smtp = await startSmtpServer();
    const transport = createSmtpTransport(smtp.url);
    try {
      t = await createTestApp({}, { mailTransport: transport });
      const who = await loginAs(t.app, 'researcher', { email: 'onderzoeker@example.test' });
      const { wave } = await conceptWith(2);
      const digest = new TableDigest(t.config.databaseFile);
      const before = digest.tables();
      const res = await post(who, `/admin/waves/${wave.id}/test`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Testberichten verstuurd naar onderzoeker@example.test');
      await smtp.waitForMessages(2);
      expect(smtp.messages.map((m) => [m.envelopeTo, m.subject])).toEqual([
        [['onderzoeker@example.test'], '[TEST] Uitnodiging: enquête over de samenwerking – Veiligheidshuis Testregio'],
        [['onderzoeker@example.test'], '[TEST] Herinnering: enquête over de samenwerking – Veiligheidshuis Testregio'],
      ]);
      const link = /http:\/\/survey\.test\/voorbeeld\/[A-Za-z0-9._-]+/.exec(smtp.messages[0]!.text)![0];
      expect(smtp.messages[1]!.text).toContain(link);
      expect(smtp.messages[0]!.text).toContain(`${link}/afmelden`);
      // only the audit log changed
      const after = digest.tables();
      digest.close();
      expect(Object.keys(before).filter((table) => before[table] !== after[table])).toEqual(['audit_log']);

      const path = link.replace('http://survey.test', '');
      const preview = await t.app.inject({ url: path, headers: { accept: 'text/html' } });
      expect(preview.statusCode).toBe(200);
      expect(preview.body).toContain('Testmodus – antwoorden worden niet bewaard');
      expect(preview.body).toContain('Veiligheidshuis Testregio');
      const optout = await t.app.inject({ url: `${path}/afmelden`, headers: { accept: 'text/html' } });
      expect(optout.body).toContain('Nu verandert er niets.');
      // a link that was tampered with opens nothing
      expect((await t.app.inject({ url: `${path.slice(0, -2)}xx`, headers: { accept: 'text/html' } })).statusCode).toBe(404);
      // and it stops working after 14 days
      t.setNow(new Date(t.app.now().getTime() + 16 * DAY));
      expect((await t.app.inject({ url: path, headers: { accept: 'text/html' } })).statusCode).toBe(404);
    } finally {
      await t?.close();
      t = undefined;
      await transport.close();
      await smtp.close();
    }
  });

  it('puts the test messages in the local outbox when there is no mail server', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app, 'researcher', { email: 'zelf@example.test' });
    const { wave } = await conceptWith(1);
    await post(who, `/admin/waves/${wave.id}/test`);
    const rows = await t.app.db.selectFrom('outbox').select(['to_address', 'subject', 'job_id']).execute();
    expect(rows).toEqual([
      { to_address: 'zelf@example.test', subject: expect.stringMatching(/^\[TEST\] Uitnodiging/), job_id: null },
      { to_address: 'zelf@example.test', subject: expect.stringMatching(/^\[TEST\] Herinnering/), job_id: null },
    ]);
    expect(await t.app.db.selectFrom('mail_jobs').selectAll().execute()).toEqual([]);
    const outbox = await get(who, '/admin/outbox');
    expect(outbox.body).toMatch(/\[TEST\] Uitnodiging[^<]*<\/a><\/td><td>testbericht<\/td>/);
  });
});

describe('deleting a wave', () => {
  it('deletes a concept with everything in it after a confirmation; a wave that sent mail is not offered and refused', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const { wave } = await conceptWith(2);
    expect((await get(who, `/admin/waves/${wave.id}`)).body).toContain('Ronde verwijderen');
    const confirm = await get(who, `/admin/waves/${wave.id}/verwijderen`);
    expect(confirm.body).toContain('met alles wat erbij hoort: 2 deelnemers');
    const res = await post(who, `/admin/waves/${wave.id}/verwijderen`);
    expect(res.headers.location).toBe('/admin/waves?verwijderd');
    expect(await findWave(t.app.db, wave.id)).toBeUndefined();
    expect(await t.app.db.selectFrom('participants').selectAll().execute()).toEqual([]);

    const mailed = await makeWave(t.app, QID);
    await makeInvitee(t.app, mailed);
    await t.app.mailer.runPass();
    expect((await get(who, `/admin/waves/${mailed.id}`)).body).not.toContain('Ronde verwijderen');
    expect((await get(who, `/admin/waves/${mailed.id}/verwijderen`)).body).toContain('Deze ronde kan niet worden verwijderd: er is al mail verstuurd.');
    expect((await post(who, `/admin/waves/${mailed.id}/verwijderen`)).statusCode).toBe(409);
    expect(await findWave(t.app.db, mailed.id)).toBeTruthy();
  });
});

describe('a closed wave', () => {
  it('no longer offers importing participants or an open link, and refuses them when posted anyway', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const closed = await makeWave(t.app, QID, { opens_at: new Date(t.app.now().getTime() - 40 * DAY).toISOString(), closes_at: new Date(t.app.now().getTime() - DAY).toISOString() });
    const page = await get(who, `/admin/waves/${closed.id}`);
    expect(page.body).toContain('<span class="state state-closed">gesloten</span>');
    expect(page.body).not.toContain('Deelnemers importeren');
    expect(page.body).not.toContain('Open link maken');
    expect(page.body).not.toContain('Stuur mij een test');
    const importPage = await get(who, `/admin/waves/${closed.id}/participants/import`);
    expect(importPage.body).toContain('Deze ronde is gesloten');
    expect(importPage.body).not.toContain('name="csv"');
    const imported = await post(who, `/admin/waves/${closed.id}/participants/import`, { csv: 'email\nlaat@example.test\n' });
    expect(imported.statusCode).toBe(409);
    expect((await post(who, `/admin/waves/${closed.id}/open-link`)).statusCode).toBe(409);
    expect((await post(who, `/admin/waves/${closed.id}/test`)).statusCode).toBe(409);
    expect(await t.app.db.selectFrom('participants').selectAll().execute()).toEqual([]);
  });
});

describe('Nieuwe ronde op basis van …', () => {
  it('takes over the settings and the list without those who opted out, bounced or were not eligible, listed with the reason', async () => {
    t = await createTestApp();
    const who = await loginAs(t.app);
    const earlier = await makeWave(t.app, QID, { title: 'Stappenmeter 2025', retention_days: 400, min_cell_size: 7, reminder_days: '[10]' });
    const people = [];
    for (const email of ['a@example.test', 'b@example.test', 'c@example.test', 'd@example.test']) people.push(await makeInvitee(t.app, earlier, { email }));
    const now = t.app.now().toISOString();
    await t.app.db.updateTable('participants').set({ opted_out_at: now }).where('id', '=', people[1]!.participant.id).execute();
    await t.app.db.updateTable('participants').set({ bounced_at: now, bounce_reason: '550 unknown user' }).where('id', '=', people[2]!.participant.id).execute();
    await t.app.db.updateTable('participants').set({ eligible: 0, ineligible_reason: 'met pensioen' }).where('id', '=', people[3]!.participant.id).execute();

    const form = await get(who, `/admin/waves/${earlier.id}/kopie`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="Stappenmeter 2025 (nieuwe ronde)"');
    expect(form.body).toContain('De deelnemers van de vorige ronde overnemen (1)');
    expect(form.body).toContain('heeft zich afgemeld; wordt niet opnieuw uitgenodigd');
    expect(form.body).toContain('onbereikbaar (bounce): 550 unknown user');
    expect(form.body).toContain('niet in aanmerking: met pensioen');
    expect(form.body).toContain(`value="${QID}@1.0" checked`);
    expect(form.body).toContain('value="2027-11-22"');
    expect(form.body).toContain(`<option value="${earlier.house_id}" selected>`);

    const res = await post(who, `/admin/waves/${earlier.id}/kopie`, {
      questionnaire: `${QID}@1.0`,
      title: 'Stappenmeter 2026',
      house: String(earlier.house_id),
      opens: '2026-12-01',
      closes: '2026-12-31',
      anonymous: 'on',
      reminders: '10',
      senderName: earlier.sender_name,
      senderEmail: earlier.sender_email,
      invitationSubject: earlier.invitation_subject,
      invitationTemplate: earlier.invitation_template,
      reminderSubject: earlier.reminder_subject,
      reminderTemplate: earlier.reminder_template,
      minCellSize: '7',
      retentionDays: '400',
      takeList: 'on',
      also: [String(people[2]!.participant.id), String(people[1]!.participant.id)],
    });
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').pop()!.split('?')[0]!;
    const copy = (await findWave(t.app.db, id))!;
    expect(copy).toMatchObject({ title: 'Stappenmeter 2026', house_id: earlier.house_id, launched_at: null, min_cell_size: 7, retention_days: 400, reminder_days: '[10]', questionnaire_version: '1.0' });
    const emails = (await t.app.db.selectFrom('participants').select('email').where('wave_id', '=', id).orderBy('email').execute()).map((p) => p.email);
    // the one who opted out stays out even when posted
    expect(emails).toEqual(['a@example.test', 'c@example.test']);
    expect(await t.app.db.selectFrom('invitations').select('id').where('wave_id', '=', id).execute()).toHaveLength(2);
  });
});
