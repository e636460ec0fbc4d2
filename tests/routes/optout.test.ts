import { findWave } from '../../server/db/repositories/waves.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';

let t: TestApp;
beforeEach(async () => {
  // no SMTP_URL: mail goes to the local outbox
  t = await createTestApp();
});
afterEach(async () => t.close());

const DAY = 24 * 3600 * 1000;

async function outbox() {
  return t.app.db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

/** Send the invitation into the outbox and take the opt-out path from it. */
async function invitedWithOptOut(email = 'anne@example.test') {
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { reminder_days: '[7]', title: 'Partnerenquête 2026' });
  const invitee = await makeInvitee(t.app, wave, { email });
  await t.app.mailer.runPass();
  const message = (await outbox()).find((m) => m.to_address === email)!;
  const path = /http:\/\/survey\.test(\/optout\/[^\s]+)/.exec(message.text_body)![1]!;
  return { wave, invitee, path, message };
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

async function participant(id: number) {
  return t.app.db.selectFrom('participants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe('opting out', () => {
  it('puts the opt-out link in the message and the List-Unsubscribe header in the outbox', async () => {
    const { path, message } = await invitedWithOptOut();
    const headers = JSON.parse(message.headers) as Record<string, string>;
    expect(headers['List-Unsubscribe']).toBe(`<http://survey.test${path}>`);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['Message-ID']).toMatch(/^<job-\d+\.[A-Za-z0-9_-]+@survey\.test>$/);
    expect(message.html_body).toContain(`http://survey.test${path}`);
  });

  it('asks for confirmation on GET (a link scanner opts nobody out)', async () => {
    const { path, invitee } = await invitedWithOptOut();
    const res = await t.app.inject({ url: path });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Afmelden voor berichten over dit onderzoek');
    expect(res.body).toContain('Partnerenquête 2026');
    expect(res.body).toContain('Ja, meld mij af');
    expect((await participant(invitee.participant.id)).opted_out_at).toBeNull();
  });

  it('opts out on the confirmed form, and then no further mail is sent', async () => {
    const { path, invitee } = await invitedWithOptOut();
    await makeInvitee(t.app, (await findWave(t.app.db, (await t.app.db.selectFrom('waves').select('id').executeTakeFirstOrThrow()).id))!, { email: 'other@example.test' });
    const form = await t.app.inject({ url: path });
    const res = await t.app.inject({ method: 'POST', url: path, payload: { _csrf: csrfOf(form.body) } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('U bent afgemeld');
    expect((await participant(invitee.participant.id)).opted_out_at).toBe(t.app.now().toISOString());
    const audit = await t.app.db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toEqual(['participant.optout']);

    // the reminder round: the opted-out person is skipped, the other is written to
    t.setNow(new Date(t.app.now().getTime() + 8 * DAY));
    const before = (await outbox()).length;
    await t.app.mailer.runPass();
    const after = await outbox();
    expect(after.slice(before).map((m) => m.to_address)).not.toContain('anne@example.test');
    const reminder = await t.app.db
      .selectFrom('mail_jobs')
      .selectAll()
      .where('participant_id', '=', invitee.participant.id)
      .where('kind', '=', 'reminder')
      .executeTakeFirstOrThrow();
    expect(reminder).toMatchObject({ status: 'skipped', last_error: 'afgemeld' });

    // the page now says so, and the survey link tells them they opted out
    expect((await t.app.inject({ url: path })).body).toContain('U bent al afgemeld');
    const survey = await t.app.inject({ url: `/r/${invitee.token}`, headers: { accept: 'text/html' } });
    expect(survey.statusCode).toBe(410);
  });

  it('refuses the form without its CSRF field', async () => {
    const { path, invitee } = await invitedWithOptOut();
    const res = await t.app.inject({ method: 'POST', url: path, payload: { _csrf: 'nope' }, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(403);
    expect((await participant(invitee.participant.id)).opted_out_at).toBeNull();
  });

  it('takes an RFC 8058 one-click unsubscribe from a mail provider', async () => {
    const { path, invitee } = await invitedWithOptOut();
    const res = await t.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect((await participant(invitee.participant.id)).opted_out_at).not.toBeNull();
  });

  it('does not accept a forged or altered token', async () => {
    const { path, invitee } = await invitedWithOptOut();
    const signature = path.split('.')[1]!;
    const other = await makeInvitee(t.app, (await findWave(t.app.db, (await t.app.db.selectFrom('waves').select('id').executeTakeFirstOrThrow()).id))!);
    for (const bad of [`/optout/${other.participant.id}.${signature}`, `${path.slice(0, -1)}${path.endsWith('A') ? 'B' : 'A'}`, '/optout/1', '/optout/abc.def']) {
      const res = await t.app.inject({ url: bad, headers: { accept: 'text/html' } });
      expect(res.statusCode, bad).toBe(404);
      const post = await t.app.inject({ method: 'POST', url: bad, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(post.statusCode, bad).toBe(404);
    }
    expect((await participant(invitee.participant.id)).opted_out_at).toBeNull();
    expect((await participant(other.participant.id)).opted_out_at).toBeNull();
  });

  it('rate-limits token lookups', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 65; i++) codes.push((await t.app.inject({ url: `/optout/${i + 1}.${'x'.repeat(43)}` })).statusCode);
    expect(codes.slice(0, 60).every((c) => c === 404)).toBe(true);
    expect(codes.slice(60)).toContain(429);
  });
});
