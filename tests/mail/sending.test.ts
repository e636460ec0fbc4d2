import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findInvitationContext } from '../../server/db/repositories/invitations.js';
import { REMINDER_DROPPED } from '../../server/db/repositories/mailPlanning.js';
import { updateWave } from '../../server/db/repositories/waves.js';
import { createSmtpTransport, type SmtpTransport } from '../../server/mail/transport.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

let smtp: TestSmtpServer;
let transport: SmtpTransport;
let t: TestApp;

beforeEach(async () => {
  smtp = await startSmtpServer();
  transport = createSmtpTransport(smtp.url);
  t = await createTestApp({}, { mailTransport: transport });
});

afterEach(async () => {
  await t.close();
  await transport.close();
  await smtp.close();
});

const DAY = 24 * 3600 * 1000;

async function jobs() {
  return t.app.db.selectFrom('mail_jobs').selectAll().orderBy('id').execute();
}

describe('invitations over SMTP', () => {
  it('delivers the invitation with the merge fields, a working link, an opt-out link and headers', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', {
      house: 'Veiligheidshuis Noord-Holland Noord',
      sender_name: 'Team Onderzoek',
      closes_at: '2026-12-20T22:59:59.999Z',
    });
    const { token, participant } = await makeInvitee(t.app, wave, { email: 'anne@politie.test', name: 'Anne <script>alert(1)</script>' });

    const result = await t.app.mailer.runPass();
    expect(result).toMatchObject({ sent: 1, planned: { invitations: 1 } });
    expect(smtp.messages).toHaveLength(1);
    const m = smtp.messages[0]!;
    const link = `http://survey.test/r/${token}`;

    expect(m.envelopeTo).toEqual(['anne@politie.test']);
    expect(m.envelopeFrom).toBe('onderzoek@veiligheidshuis.test');
    expect(m.headers.from).toBe('Team Onderzoek <onderzoek@veiligheidshuis.test>');
    expect(m.subject).toBe('Uitnodiging: enquête over de samenwerking – Veiligheidshuis Noord-Holland Noord');
    expect(m.text).toContain('Beste Anne <script>alert(1)</script>,');
    expect(m.text).toContain(link);
    expect(m.text).toContain('De vragenlijst sluit op 20 december 2026.');
    expect(m.text).toContain('Team Onderzoek\nVeiligheidshuis Noord-Holland Noord');
    // the HTML part escapes the name and carries the link as a button
    expect(m.html).toContain('Beste Anne &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain(`<a href="${link}"`);
    expect(m.html).toContain('Vragenlijst invullen');

    const optOut = /http:\/\/survey\.test\/optout\/(\d+\.[A-Za-z0-9_-]{43})/.exec(m.text)?.[0];
    expect(optOut).toBeDefined();
    expect(optOut).toContain(`/optout/${participant.id}.`);
    expect(m.headers['list-unsubscribe']).toBe(`<${optOut}>`);
    expect(m.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    const [job] = await jobs();
    expect(m.messageId).toBe(`<job-${job!.id}.${wave.id}@survey.test>`);
    expect(job).toMatchObject({ status: 'sent', kind: 'invitation', round: 0, attempts: 1, message_id: m.messageId });

    // the link in the message is the participant's own invitation link, and it opens the questionnaire
    const invitation = await findInvitationContext(t.app.db, link.split('/r/')[1]!);
    expect(invitation?.participant.id).toBe(participant.id);
    const page = await t.app.inject({ url: link.replace('http://survey.test', ''), headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stappenmeter Doelbereik');
  });

  it('sends nothing before the wave opens and nothing twice on a second pass', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', {
      opens_at: new Date(t.app.now().getTime() + DAY).toISOString(),
    });
    await makeInvitee(t.app, wave);
    expect((await t.app.mailer.runPass()).sent).toBe(0);
    expect(await jobs()).toHaveLength(0);

    t.setNow(new Date(t.app.now().getTime() + DAY + 1000));
    expect((await t.app.mailer.runPass()).sent).toBe(1);
    expect((await t.app.mailer.runPass()).sent).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  });

  it('creates a missing invitation record so a participant without one still gets a link', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    await t.app.db
      .insertInto('participants')
      .values({ wave_id: wave.id, email: 'los@example.test', name: null, created_at: t.app.now().toISOString() })
      .execute();
    await t.app.mailer.runPass();
    expect(smtp.messages).toHaveLength(1);
    const link = /http:\/\/survey\.test\/r\/([A-Za-z0-9_-]+)/.exec(smtp.messages[0]!.text)?.[1];
    expect(await findInvitationContext(t.app.db, link!)).toBeDefined();
    expect(smtp.messages[0]!.text).toContain('Beste netwerkpartner,');
  });
});

describe('reminders', () => {
  it('reach only those who have not completed, with the same link, on the reminder days', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { reminder_days: '[7,14]' });
    const open = await makeInvitee(t.app, wave, { email: 'open@example.test' });
    const started = await makeInvitee(t.app, wave, { email: 'started@example.test' });
    const done = await makeInvitee(t.app, wave, { email: 'done@example.test' });
    await t.app.mailer.runPass();
    expect(smtp.messages).toHaveLength(3);
    const start = t.app.now().getTime();

    await t.app.db.updateTable('invitations').set({ status: 'started' }).where('id', '=', started.invitationId).execute();
    await t.app.db.updateTable('invitations').set({ status: 'completed', responses_count: 1 }).where('id', '=', done.invitationId).execute();

    // six days later nothing is due
    t.setNow(new Date(start + 6 * DAY));
    expect((await t.app.mailer.runPass()).sent).toBe(0);

    t.setNow(new Date(start + 7 * DAY + 1000));
    const r1 = await t.app.mailer.runPass();
    expect(r1).toMatchObject({ sent: 2, skipped: 1 });
    const reminders = smtp.messages.slice(3);
    expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual(['open@example.test', 'started@example.test']);
    expect(reminders[0]!.subject).toMatch(/^Herinnering:/);
    const mine = reminders.find((m) => m.envelopeTo[0] === 'open@example.test')!;
    expect(mine.text).toContain(`http://survey.test/r/${open.token}`);

    const skipped = (await jobs()).find((j) => j.participant_id === done.participant.id && j.kind === 'reminder' && j.round === 1);
    expect(skipped).toMatchObject({ status: 'skipped', last_error: 'heeft de vragenlijst al ingevuld' });

    // the one who started completes before round 2
    await t.app.db.updateTable('invitations').set({ status: 'completed' }).where('id', '=', started.invitationId).execute();
    t.setNow(new Date(start + 14 * DAY + 1000));
    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 1, skipped: 2 });
    expect(smtp.messages.slice(5).map((m) => m.envelopeTo[0])).toEqual(['open@example.test']);
  });

  it('follow a change of the reminder days: unsent ones move, dropped rounds are cancelled and come back, sent ones stay', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { reminder_days: '[7,14]' });
    await makeInvitee(t.app, wave, { email: 'open@example.test' });
    await t.app.mailer.runPass();
    const start = t.app.now().getTime();
    const reminders = async () => (await jobs()).filter((j) => j.kind === 'reminder').map((j) => ({ round: j.round, status: j.status, due: Date.parse(j.due_at) - start, note: j.last_error }));
    expect(await reminders()).toEqual([
      { round: 1, status: 'pending', due: 7 * DAY, note: null },
      { round: 2, status: 'pending', due: 14 * DAY, note: null },
    ]);

    // the researcher makes it one reminder after 3 days
    await updateWave(t.app.db, wave.id, { reminder_days: '[3]' });
    t.setNow(new Date(start + DAY));
    expect((await t.app.mailer.runPass()).replanned).toEqual({ moved: 1, cancelled: 1, restored: 0 });
    expect(await reminders()).toEqual([
      { round: 1, status: 'pending', due: 3 * DAY, note: null },
      { round: 2, status: 'cancelled', due: 14 * DAY, note: REMINDER_DROPPED },
    ]);
    t.setNow(new Date(start + 3 * DAY + 1000));
    expect((await t.app.mailer.runPass()).sent).toBe(1);

    // and then a second one after 10 days after all; the one already sent stays as it was
    await updateWave(t.app.db, wave.id, { reminder_days: '[5,10]' });
    expect((await t.app.mailer.runPass()).replanned).toEqual({ moved: 0, cancelled: 0, restored: 1 });
    expect(await reminders()).toEqual([
      { round: 1, status: 'sent', due: 3 * DAY, note: null },
      { round: 2, status: 'pending', due: 10 * DAY, note: null },
    ]);
    t.setNow(new Date(start + 10 * DAY + 1000));
    expect((await t.app.mailer.runPass()).sent).toBe(1);
    expect(smtp.messages.map((m) => m.subject.split(':')[0])).toEqual(['Uitnodiging', 'Herinnering', 'Herinnering']);

    // no reminders at all: nothing pending is left, nothing more goes out
    await updateWave(t.app.db, wave.id, { reminder_days: '[]' });
    expect((await t.app.mailer.runPass()).replanned).toEqual({ moved: 0, cancelled: 0, restored: 0 });
    expect(await reminders()).toHaveLength(2);
  });

  it('plans no reminder that would fall after the wave closes, and cancels what is left at closing', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', {
      reminder_days: '[7,40]',
      closes_at: new Date(t.app.now().getTime() + 20 * DAY).toISOString(),
    });
    await makeInvitee(t.app, wave);
    await t.app.mailer.runPass();
    const planned = await jobs();
    expect(planned.map((j) => `${j.kind}:${j.round}`)).toEqual(['invitation:0', 'reminder:1']);

    t.setNow(new Date(t.app.now().getTime() + 21 * DAY));
    expect((await t.app.mailer.runPass()).closed.cancelled).toBe(1);
    expect((await jobs())[1]!.status).toBe('cancelled');
    expect(smtp.messages).toHaveLength(1);
  });

  it('writes to nobody who is ineligible, opted out or bounced', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { reminder_days: '[7]' });
    const a = await makeInvitee(t.app, wave, { email: 'a@example.test' });
    const b = await makeInvitee(t.app, wave, { email: 'b@example.test' });
    const c = await makeInvitee(t.app, wave, { email: 'c@example.test' });
    await makeInvitee(t.app, wave, { email: 'd@example.test' });
    await t.app.db.updateTable('participants').set({ eligible: 0, ineligible_reason: 'geen overleg bezocht' }).where('id', '=', a.participant.id).execute();
    await t.app.mailer.runPass();
    expect(smtp.messages.map((m) => m.envelopeTo[0]).sort()).toEqual(['b@example.test', 'c@example.test', 'd@example.test']);

    const now = t.app.now().toISOString();
    await t.app.db.updateTable('participants').set({ opted_out_at: now }).where('id', '=', b.participant.id).execute();
    await t.app.db.updateTable('participants').set({ bounced_at: now, bounce_reason: '550' }).where('id', '=', c.participant.id).execute();
    t.setNow(new Date(t.app.now().getTime() + 8 * DAY));
    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 1, skipped: 2 });
    expect(smtp.messages.slice(3).map((m) => m.envelopeTo[0])).toEqual(['d@example.test']);
  });
});

describe('delivery failures', () => {
  it('retries a temporary 4xx with backoff and delivers once', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    await makeInvitee(t.app, wave, { email: 'later@example.test' });
    smtp.rejectRecipient('later@example.test', 451, 1);

    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 0, retry: 1 });
    const [job] = await jobs();
    expect(job).toMatchObject({ status: 'retry', attempts: 1 });
    expect(job!.last_error).toContain('451');
    expect(Date.parse(job!.next_attempt_at!) - t.app.now().getTime()).toBe(5 * 60_000);

    // not before the backoff has passed
    t.setNow(new Date(t.app.now().getTime() + 4 * 60_000));
    expect((await t.app.mailer.runPass()).sent).toBe(0);
    t.setNow(new Date(t.app.now().getTime() + 2 * 60_000));
    expect((await t.app.mailer.runPass()).sent).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect((await jobs())[0]).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('marks the participant bounced on a 5xx and writes to them no more', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { reminder_days: '[7]' });
    const gone = await makeInvitee(t.app, wave, { email: 'gone@example.test' });
    await makeInvitee(t.app, wave, { email: 'fine@example.test' });
    smtp.rejectRecipient('gone@example.test', 550, Infinity);

    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 1, bounced: 1 });
    const p = await t.app.db.selectFrom('participants').selectAll().where('id', '=', gone.participant.id).executeTakeFirstOrThrow();
    expect(p.bounced_at).not.toBeNull();
    expect(p.bounce_reason).toContain('550');
    const job = (await jobs()).find((j) => j.participant_id === gone.participant.id)!;
    expect(job.status).toBe('failed');

    t.setNow(new Date(t.app.now().getTime() + 8 * DAY));
    expect(await t.app.mailer.runPass()).toMatchObject({ sent: 1 });
    expect(smtp.messages.map((m) => m.envelopeTo[0])).toEqual(['fine@example.test', 'fine@example.test']);
  });

  it('retries when the server cannot be reached, and gives up after the last attempt', async () => {
    const dead = await startSmtpServer();
    await dead.close();
    const deadTransport = createSmtpTransport(dead.url);
    const down = await createTestApp({}, { mailTransport: deadTransport });
    try {
      const wave = await makeWave(down.app, 'stappenmeter-doelbereik');
      await makeInvitee(down.app, wave);
      const statuses: string[] = [];
      let at = down.app.now().getTime();
      for (let i = 0; i < 5; i++) {
        down.setNow(new Date(at));
        await down.app.mailer.runPass();
        const [job] = await down.app.db.selectFrom('mail_jobs').selectAll().execute();
        statuses.push(`${job!.status}:${job!.attempts}`);
        at += 5 * 3600 * 1000;
      }
      // a refused connection is temporary: nothing was handed over, so the fate is known
      expect(statuses).toEqual(['retry:1', 'retry:2', 'retry:3', 'retry:4', 'failed:5']);
    } finally {
      await down.close();
      await deadTransport.close();
    }
  });

  it('records a message as unknown when the connection breaks after hand-over, and does not resend it', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    await makeInvitee(t.app, wave, { email: 'first@example.test' });
    await makeInvitee(t.app, wave, { email: 'second@example.test' });
    smtp.dropAfter(1);

    const result = await t.app.mailer.runPass({ concurrency: 1 });
    expect(result).toMatchObject({ sent: 1, unknown: 1 });
    expect(smtp.messages.map((m) => m.envelopeTo[0])).toEqual(['first@example.test', 'second@example.test']);
    const second = (await jobs())[1]!;
    expect(second.status).toBe('unknown');
    expect(second.last_error).toMatch(/onbekend of het bericht is aangekomen/);

    smtp.dropAfter(Infinity);
    t.setNow(new Date(t.app.now().getTime() + DAY));
    expect((await t.app.mailer.runPass()).sent).toBe(0);
    expect(smtp.messages).toHaveLength(2);
  });
});
