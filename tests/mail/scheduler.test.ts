import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';

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
