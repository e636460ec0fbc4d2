import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appEnvironment, cli, useCliEnvironment } from '../helpers/cli.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { startSmtpServer } from '../helpers/smtp.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
useCliEnvironment(() => ({ ...appEnvironment(t), SMTP_URL: '' }));
afterEach(async () => {
  await t.close();
});

describe('mail run', () => {
  it('does one pass into the local outbox without SMTP_URL, as if at --now', async () => {
    // not anonymous: the outbox keeps no reminders of an anonymous wave (tests/hardening/adminPages.test.ts)
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { opens_at: '2026-12-01T08:00:00.000Z', anonymous: 0 });
    await makeInvitee(t.app, wave, { email: 'a@example.test' });
    await makeInvitee(t.app, wave, { email: 'b@example.test' });

    const early = await cli('mail', 'run', '--now', '2026-11-30T09:00:00Z', '--json');
    expect(early.code, early.stderr).toBe(0);
    expect(JSON.parse(early.stdout)).toMatchObject({ transport: 'lokale outbox (database)', sent: 0, planned: { invitations: 0 } });

    const res = await cli('mail', 'run', '--wave', wave.id, '--now', '2026-12-01T08:00:00Z', '--json');
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ at: '2026-12-01T08:00:00.000Z', sent: 2, planned: { invitations: 2, reminders: 6 }, unknownRecovered: 0 });
    const outbox = await t.app.db.selectFrom('outbox').select(['to_address', 'subject']).orderBy('id').execute();
    expect(outbox.map((m) => m.to_address)).toEqual(['a@example.test', 'b@example.test']);

    // reminders planned from the send time: 7 days later
    const human = await cli('mail', 'run', '--now', '2026-12-08T08:00:00Z');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('sent:      2');
    expect((await t.app.db.selectFrom('outbox').selectAll().execute()).length).toBe(4);
  });

  it('with --wave sends only that wave’s mail', async () => {
    const one = await makeWave(t.app, 'stappenmeter-doelbereik');
    const other = await makeWave(t.app, 'stappenmeter-doelbereik');
    await makeInvitee(t.app, one, { email: 'one@example.test' });
    await makeInvitee(t.app, other, { email: 'other@example.test' });
    const res = await cli('mail', 'run', '--wave', one.id, '--json');
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ sent: 1, planned: { invitations: 1 } });
    expect((await t.app.db.selectFrom('outbox').select('to_address').execute()).map((m) => m.to_address)).toEqual(['one@example.test']);
    expect(await t.app.db.selectFrom('mail_jobs').select('id').where('wave_id', '=', other.id).execute()).toEqual([]);
  });

  it('sends over SMTP_URL', async () => {
    const smtp = await startSmtpServer();
    try {
      vi.stubEnv('SMTP_URL', smtp.url);
      const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
      await makeInvitee(t.app, wave, { email: 'smtp@example.test' });
      const res = await cli('mail', 'run', '--json');
      expect(res.code, res.stderr).toBe(0);
      expect(JSON.parse(res.stdout)).toMatchObject({ transport: `smtp://127.0.0.1:${smtp.port}`, sent: 1 });
      expect(smtp.messages.map((m) => m.envelopeTo[0])).toEqual(['smtp@example.test']);
    } finally {
      await smtp.close();
    }
  });

  it('exits 1 naming the wave whose templates do not compile, and sends the other waves', async () => {
    const broken = await makeWave(t.app, 'stappenmeter-doelbereik', { invitation_template: 'Beste <%= it.name' });
    await makeInvitee(t.app, broken);
    const fine = await makeWave(t.app, 'stappenmeter-doelbereik');
    await makeInvitee(t.app, fine);
    const res = await cli('mail', 'run', '--json');
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out.sent).toBe(1);
    expect(out.errors).toEqual([{ waveId: broken.id, message: expect.stringContaining('invitation_template') }]);
  });

  it('refuses a malformed --now and an unknown wave with exit code 2', async () => {
    const bad = await cli('mail', 'run', '--now', 'tomorrow');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now must be an ISO date-time');
    expect((await cli('mail', 'run', '--wave', 'nope')).code).toBe(2);
  });
});
