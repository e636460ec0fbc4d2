import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSmtpTransport } from '../../server/mail/transport.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { startSmtpServer } from '../helpers/smtp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  vi.useRealTimers();
});

const sentJobs = async (app: TestApp['app']) => (await app.db.selectFrom('mail_jobs').select('id').where('status', '=', 'sent').execute()).length;

describe('the server’s own sender', () => {
  it('runs a pass every MAIL_INTERVAL_SECONDS, also for participants added later', async () => {
    // the scheduler's timer is faked; the passes themselves run for real and are awaited through their promise
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    t = await createTestApp({ MAIL_INTERVAL_SECONDS: '60' });
    const { app } = t;
    const passes = vi.spyOn(app.mailer, 'runPass');
    const wave = await makeWave(app, 'stappenmeter-doelbereik');
    for (let i = 0; i < 30; i++) await makeInvitee(app, wave);

    await vi.advanceTimersByTimeAsync(59_999);
    expect(passes).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(passes).toHaveBeenCalledTimes(1);
    await passes.mock.results[0]!.value;
    expect(await sentJobs(app)).toBe(30);

    const late = await makeInvitee(app, wave, { email: 'late@example.test' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(passes).toHaveBeenCalledTimes(2);
    await passes.mock.results[1]!.value;
    expect(await app.db.selectFrom('outbox').select('id').where('to_address', '=', late.participant.email).execute()).toHaveLength(1);
    expect(await app.db.selectFrom('outbox').select('id').execute()).toHaveLength(31);
  });

  it('never mails a concept wave: ten minutes of its own passes send nothing, the pass after the launch sends the invitations', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    t = await createTestApp({ MAIL_INTERVAL_SECONDS: '60' });
    const { app } = t;
    const passes = vi.spyOn(app.mailer, 'runPass');
    const wave = await makeWave(app, 'stappenmeter-doelbereik', { launched_at: null });
    for (let i = 0; i < 5; i++) await makeInvitee(app, wave);
    for (let minute = 1; minute <= 10; minute++) {
      await vi.advanceTimersByTimeAsync(60_000);
      await passes.mock.results.at(-1)!.value;
    }
    expect(passes).toHaveBeenCalledTimes(10);
    expect(await app.db.selectFrom('mail_jobs').selectAll().execute()).toEqual([]);
    expect(await app.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
    await app.db.updateTable('waves').set({ launched_at: app.now().toISOString() }).where('id', '=', wave.id).execute();
    await vi.advanceTimersByTimeAsync(60_000);
    await passes.mock.results.at(-1)!.value;
    expect(await sentJobs(app)).toBe(5);
  });

  it('sends nothing on its own with MAIL_INTERVAL_SECONDS=0', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    t = await createTestApp({ MAIL_INTERVAL_SECONDS: '0' });
    const passes = vi.spyOn(t.app.mailer, 'runPass');
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    await makeInvitee(t.app, wave);
    // the tests' default: mail goes out only when a test runs a pass
    await vi.advanceTimersByTimeAsync(24 * 3600 * 1000);
    expect(passes).not.toHaveBeenCalled();
    expect(await t.app.db.selectFrom('mail_jobs').selectAll().execute()).toEqual([]);
  });
});

describe('passes in one process', () => {
  it('run one after another, so a pass never takes another’s in-flight messages for interrupted ones', async () => {
    const smtp = await startSmtpServer();
    const transport = createSmtpTransport(smtp.url);
    try {
      t = await createTestApp({}, { mailTransport: transport });
      const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
      for (let i = 0; i < 20; i++) await makeInvitee(t.app, wave);
      const [a, b] = await Promise.all([t.app.mailer.runPass(), t.app.mailer.runPass()]);
      expect([a.sent, b.sent]).toEqual([20, 0]);
      expect(a.unknownRecovered + b.unknownRecovered).toBe(0);
      expect(smtp.messages).toHaveLength(20);
    } finally {
      await t?.close();
      t = undefined;
      await transport.close();
      await smtp.close();
    }
  });
});
