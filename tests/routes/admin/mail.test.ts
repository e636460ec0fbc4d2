import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';
import { createSmtpTransport } from '../../../server/mail/transport.js';
import { makeInvitee, makeWave } from '../../helpers/factories.js';
import { startSmtpServer } from '../../helpers/smtp.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const html = { accept: 'text/html' };

function get(who: LoggedIn, url: string) {
  return t.app.inject({ url, headers: { ...html, cookie: who.cookie } });
}

function post(who: LoggedIn, url: string, fields: Record<string, string | undefined>) {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...html, cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: who.csrf, ...fields }),
  });
}

const MINUTE = 60_000;

/** A wave of three whose invitation to the second was interrupted mid-send (a crash) an hour ago. */
async function waveWithUnknown() {
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Stappenmeter 2026' });
  const people: Array<Awaited<ReturnType<typeof makeInvitee>>> = [];
  for (const email of ['a@example.test', 'b@example.test', 'c@example.test']) people.push(await makeInvitee(t.app, wave, { email }));
  await t.app.mailer.runPass();
  const crashedAt = new Date(t.app.now().getTime() - 60 * MINUTE).toISOString();
  await t.app.db
    .updateTable('mail_jobs')
    .set({ status: 'sending', sending_at: crashedAt, sent_at: null })
    .where('participant_id', '=', people[1]!.participant.id)
    .where('kind', '=', 'invitation')
    .execute();
  const result = await t.app.mailer.runPass();
  expect(result.unknownRecovered).toBe(1);
  const job = await t.app.db
    .selectFrom('mail_jobs')
    .selectAll()
    .where('participant_id', '=', people[1]!.participant.id)
    .where('kind', '=', 'invitation')
    .executeTakeFirstOrThrow();
  return { wave, people, job };
}

describe('mail pages', () => {
  it('are for researchers only', async () => {
    const anonymous = await t.app.inject({ url: '/admin/mail', headers: html });
    expect(anonymous.statusCode).not.toBe(200);
    const evaluator = await loginAs(t.app, 'evaluator');
    expect((await get(evaluator, '/admin/mail')).statusCode).toBe(403);
    expect((await get(evaluator, '/admin/outbox')).statusCode).toBe(403);
  });

  it('show the transport and every wave’s jobs per status', async () => {
    const { wave } = await waveWithUnknown();
    const me = await loginAs(t.app);
    const res = await get(me, '/admin/mail');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('lokale outbox (database)');
    expect(res.body).toContain('Stappenmeter 2026');
    expect(res.body).toContain(`/admin/waves/${wave.id}/mail`);
    expect(res.body).toContain('<strong>1</strong>');
  });

  it('list a message of unknown fate and let the researcher resend it, once, with an audit entry', async () => {
    const { wave, job } = await waveWithUnknown();
    const me = await loginAs(t.app);
    const page = await get(me, `/admin/waves/${wave.id}/mail`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Berichten met onbekende afloop (1)');
    expect(page.body).toContain('b@example.test');
    expect(page.body).toContain(job.message_id!.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(page.body).toContain('Opnieuw versturen');

    const res = await post(me, `/admin/waves/${wave.id}/mail/jobs/${job.id}`, { decision: 'resend' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/admin/waves/${wave.id}/mail?klaar=resend`);
    expect((await get(me, res.headers.location as string)).body).toContain('bij de volgende verzending opnieuw verstuurd');

    const audit = await t.app.db.selectFrom('audit_log').selectAll().where('action', 'like', 'mail.%').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: me.user.email, action: 'mail.unknown.resend' });

    // a second decision on the same job is refused
    expect((await post(me, `/admin/waves/${wave.id}/mail/jobs/${job.id}`, { decision: 'skip' })).statusCode).toBe(409);

    // the next pass sends it, with the same Message-ID
    const outboxBefore = await t.app.db.selectFrom('outbox').selectAll().execute();
    expect(outboxBefore.map((m) => m.to_address)).toEqual(['a@example.test', 'b@example.test', 'c@example.test']);
    await t.app.mailer.runPass();
    const again = await t.app.db.selectFrom('outbox').selectAll().where('job_id', '=', job.id).execute();
    expect(again).toHaveLength(2);
    expect(JSON.parse(again[1]!.headers)['Message-ID']).toBe(job.message_id);
  });

  it('let the researcher skip it instead', async () => {
    const { wave, job } = await waveWithUnknown();
    const me = await loginAs(t.app);
    const res = await post(me, `/admin/waves/${wave.id}/mail/jobs/${job.id}`, { decision: 'skip' });
    expect(res.statusCode).toBe(303);
    const after = await t.app.db.selectFrom('mail_jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('skipped');
    expect(after.last_error).toContain(me.user.email);
    await t.app.mailer.runPass();
    expect(await t.app.db.selectFrom('outbox').selectAll().where('job_id', '=', job.id).execute()).toHaveLength(1);
  });

  it('refuse a resend shortly after the hand-over, a bad decision and a missing CSRF token', async () => {
    const { wave, job } = await waveWithUnknown();
    await t.app.db.updateTable('mail_jobs').set({ sending_at: new Date(t.app.now().getTime() - 5 * MINUTE).toISOString() }).where('id', '=', job.id).execute();
    const me = await loginAs(t.app);
    expect((await get(me, `/admin/waves/${wave.id}/mail`)).body).toContain('Opnieuw versturen kan 15 minuten na het aanbieden');
    expect((await post(me, `/admin/waves/${wave.id}/mail/jobs/${job.id}`, { decision: 'resend' })).statusCode).toBe(409);
    expect((await post(me, `/admin/waves/${wave.id}/mail/jobs/${job.id}`, { decision: 'later' })).statusCode).toBe(400);
    expect((await post(me, `/admin/waves/${wave.id}/mail/jobs/999999`, { decision: 'skip' })).statusCode).toBe(404);
    const forged = await t.app.inject({
      method: 'POST',
      url: `/admin/waves/${wave.id}/mail/jobs/${job.id}`,
      headers: { ...html, cookie: me.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ decision: 'skip' }),
    });
    expect(forged.statusCode).toBe(403);
    expect((await t.app.db.selectFrom('mail_jobs').select('status').where('id', '=', job.id).executeTakeFirstOrThrow()).status).toBe('unknown');
  });

  it('run a pass on demand and report what it did', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    await makeInvitee(t.app, wave);
    await makeInvitee(t.app, wave);
    const me = await loginAs(t.app);
    const res = await post(me, `/admin/waves/${wave.id}/mail/run`, {});
    // Post/Redirect/Get: the summary is on the page the browser is sent to, and reloading it runs nothing
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(new RegExp(`^/admin/waves/${wave.id}/mail\\?klaar=mailronde&verstuurd=2&`));
    for (let i = 0; i < 2; i++) {
      const page = await get(me, location);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Verzonden: 2 verstuurd, 0 overgeslagen, 0 later opnieuw, 0 mislukt, 0 bounce.');
      expect(page.body).toContain('Uitnodiging');
    }
    expect(await t.app.db.selectFrom('outbox').select('id').execute()).toHaveLength(2);
  });
});

describe('outbox pages', () => {
  it('list the messages and show one with its headers, text and HTML', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { house: 'Veiligheidshuis Twente' });
    await makeInvitee(t.app, wave, { email: 'x@example.test', name: 'Xandra <i>' });
    await t.app.mailer.runPass();
    const me = await loginAs(t.app);
    const list = await get(me, '/admin/outbox');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('1 bericht.');
    expect(list.body).toContain('x@example.test');
    const id = /href="\/admin\/outbox\/(\d+)"/.exec(list.body)![1];

    const one = await get(me, `/admin/outbox/${id}`);
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('Uitnodiging: enquête over de samenwerking – Veiligheidshuis Twente');
    expect(one.body).toContain('List-Unsubscribe');
    expect(one.body).toContain('Beste Xandra &lt;i&gt;,');

    const part = await get(me, `/admin/outbox/${id}/html`);
    expect(part.statusCode).toBe(200);
    expect(part.headers['content-security-policy']).toContain("script-src 'self'");
    expect(part.body).toContain('Beste Xandra &lt;i&gt;,');

    expect((await get(me, `/admin/outbox?ronde=${wave.id}`)).body).toContain('1 bericht.');
    expect((await get(me, '/admin/outbox?ronde=elders')).body).toContain('0 berichten.');
    expect((await get(me, '/admin/outbox/424242')).statusCode).toBe(404);
  });
});

describe('delivery problems over SMTP', () => {
  it('lists a temporary failure with its next attempt and a bounce with the server reply; the participant shows as bounced', async () => {
    const smtp = await startSmtpServer();
    const transport = createSmtpTransport(smtp.url);
    const s = await createTestApp({}, { mailTransport: transport });
    try {
      const wave = await makeWave(s.app, 'stappenmeter-doelbereik');
      await makeInvitee(s.app, wave, { email: 'later@example.test' });
      await makeInvitee(s.app, wave, { email: 'gone@example.test' });
      await makeInvitee(s.app, wave, { email: 'fine@example.test' });
      smtp.rejectRecipient('later@example.test', 451, 1);
      smtp.rejectRecipient('gone@example.test', 550, Infinity);
      expect(await s.app.mailer.runPass()).toMatchObject({ sent: 1, retry: 1, bounced: 1 });

      const me = await loginAs(s.app);
      const page = await s.app.inject({ url: `/admin/waves/${wave.id}/mail`, headers: { ...html, cookie: me.cookie } });
      expect(page.statusCode).toBe(200);
      const problems = page.body.slice(page.body.indexOf('Problemen bij versturen (2)'));
      const rowOf = (email: string) => /<tr>([\s\S]*?)<\/tr>/.exec(problems.slice(problems.indexOf(`<td>${email}</td>`) - 4))![1]!;
      expect(rowOf('later@example.test')).toMatch(/<td>Uitnodiging<\/td><td>opnieuw proberen<\/td><td class="num">1<\/td><td>23 november 2026 om 10:05<\/td><td>[^<]*451/);
      expect(rowOf('gone@example.test')).toMatch(/<td>Uitnodiging<\/td><td>mislukt<\/td><td class="num">1<\/td><td><\/td><td>[^<]*550/);
      expect(problems).not.toContain('fine@example.test');

      const list = await s.app.inject({ url: `/admin/waves/${wave.id}/participants`, headers: { ...html, cookie: me.cookie } });
      expect(list.body).toMatch(/gone@example\.test<\/td>[\s\S]*?<span class="status status-bounced">bounced<\/span>/);
    } finally {
      await s.close();
      await transport.close();
      await smtp.close();
    }
  });
});
