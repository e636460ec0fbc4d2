/**
 * The crash-safety guarantee, with a real process: a sender child (`mail run`) is SIGKILLed while
 * messages are in flight, then the pass is run again. No recipient may receive a message twice,
 * every message the SMTP server received is recorded 'sent' or 'unknown', and the 'unknown' ones
 * are not resent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { spawnCli, type Child } from '../helpers/childProcess.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { leasesRunOut } from '../helpers/mailLeases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

let t: TestApp | undefined;
let smtp: TestSmtpServer | undefined;
let child: Child | undefined;

afterEach(async () => {
  if (child && child.process.exitCode === null && child.process.signalCode === null) child.kill('SIGKILL');
  smtp?.release();
  await smtp?.close();
  await t?.close();
  t = smtp = child = undefined;
});

const NOW = '2026-11-23T09:00:00.000Z';

/** A short lease, so the killed sender's claims run out soon (a live sender renews its own). */
const LEASE_SECONDS = 2;

/** `npm run cli -- mail run --now … --json` as a child process on the test's database and SMTP server. */
function startSender(databaseFile: string, smtpUrl: string): Child {
  return spawnCli(['mail', 'run', '--now', NOW, '--json'], {
    DATABASE_FILE: databaseFile,
    SMTP_URL: smtpUrl,
    BASE_URL: 'http://survey.test',
    LOG_LEVEL: 'silent',
    MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
  });
}


describe('killing the sender mid-batch', () => {
  it('sends no message twice after a restart, and leaves in-flight ones unknown instead of resending them', async () => {
    t = await createTestApp();
    smtp = await startSmtpServer();
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    const total = 40;
    for (let i = 0; i < total; i++) await makeInvitee(t.app, wave, { email: `p${i}@example.test` });
    const databaseFile = t.config.databaseFile;

    // the first 12 messages are answered at once; later ones are received but not answered, so
    // the sender blocks with messages handed over whose fate it cannot know
    const answeredFirst = 12;
    smtp.holdAfter(answeredFirst);
    const first = startSender(databaseFile, smtp.url);
    child = first;
    await smtp.waitForMessages(answeredFirst + 1, 45_000);
    first.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const heldIds = smtp.messages.slice(answeredFirst).map((m) => m.messageId);
    expect(heldIds.length).toBeGreaterThanOrEqual(1);

    // the held messages were received: as far as anyone knows they may be delivered
    smtp.release();
    await leasesRunOut(t.app);
    const second = startSender(databaseFile, smtp.url);
    child = second;
    const restarted = await second.exited;
    expect(restarted.code, second.stderr()).toBe(0);
    const result = JSON.parse(second.stdout()) as { unknownRecovered: number; sent: number };
    expect(result.unknownRecovered).toBeGreaterThanOrEqual(heldIds.length);

    // (reminder jobs are planned too, but not due for a week)
    const jobs = await t.app.db
      .selectFrom('mail_jobs')
      .innerJoin('participants', 'participants.id', 'mail_jobs.participant_id')
      .select(['mail_jobs.id', 'mail_jobs.status', 'mail_jobs.message_id', 'participants.email'])
      .where('mail_jobs.kind', '=', 'invitation')
      .execute();
    expect(jobs).toHaveLength(total);

    // no recipient received the same message twice, and nobody got two invitations
    const perRecipient = new Map<string, number>();
    const perMessageId = new Map<string, number>();
    for (const m of smtp.messages) {
      perRecipient.set(m.envelopeTo[0]!, (perRecipient.get(m.envelopeTo[0]!) ?? 0) + 1);
      perMessageId.set(m.messageId, (perMessageId.get(m.messageId) ?? 0) + 1);
    }
    expect(Math.max(...perRecipient.values())).toBe(1);
    expect(Math.max(...perMessageId.values())).toBe(1);

    // every message the server received is recorded sent or unknown — and it is that job's message
    const byMessageId = new Map(jobs.map((j) => [j.message_id, j]));
    for (const m of smtp.messages) {
      const job = byMessageId.get(m.messageId);
      expect(job, m.messageId).toBeDefined();
      expect(['sent', 'unknown']).toContain(job!.status);
      expect(job!.email).toBe(m.envelopeTo[0]);
    }
    // the held ones were never answered: unknown, and not sent again
    for (const id of heldIds) expect(byMessageId.get(id)!.status).toBe('unknown');

    // everyone else got their invitation exactly once
    const unknown = jobs.filter((j) => j.status === 'unknown');
    expect(jobs.filter((j) => j.status === 'sent').length + unknown.length).toBe(total);
    for (const j of jobs.filter((j) => j.status === 'sent')) expect(perRecipient.get(j.email)).toBe(1);

    // and a third pass changes nothing
    const third = startSender(databaseFile, smtp.url);
    child = third;
    await third.exited;
    expect(JSON.parse(third.stdout())).toMatchObject({ sent: 0, unknownRecovered: 0 });
    expect(smtp.messages.length).toBe(perRecipient.size);
  });
});
