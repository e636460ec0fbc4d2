import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../../server/mail/transport.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { startSmtpServer } from '../helpers/smtp.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the server’s own sender', () => {
  it('runs passes on its own with MAIL_INTERVAL_SECONDS > 0, also for participants added later', async () => {
    t = await createTestApp({ MAIL_INTERVAL_SECONDS: '1' });
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    for (let i = 0; i < 30; i++) await makeInvitee(t.app, wave);
    const app = t.app;
    await until(async () => (await app.db.selectFrom('outbox').select('id').limit(1).execute()).length > 0);
    await until(async () => (await app.db.selectFrom('mail_jobs').select('id').where('status', '=', 'sent').execute()).length === 30);
    const late = await makeInvitee(app, wave, { email: 'late@example.test' });
    await until(async () => (await app.db.selectFrom('outbox').select('id').where('to_address', '=', 'late@example.test').execute()).length === 1);
    expect(late.participant.email).toBe('late@example.test');
    expect((await app.db.selectFrom('outbox').select('id').execute()).length).toBe(31);
  });

  it('sends nothing on its own with MAIL_INTERVAL_SECONDS=0', async () => {
    t = await createTestApp({ MAIL_INTERVAL_SECONDS: '0' });
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    await makeInvitee(t.app, wave);
    // the tests' default: mail goes out only when a test runs a pass
    await new Promise((r) => setTimeout(r, 1200));
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
