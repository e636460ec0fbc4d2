/**
 * The crash-safety guarantee, with a real process: a sender child (`mail run`) is SIGKILLed while
 * messages are in flight, then the pass is run again. No recipient may receive a message twice,
 * every message the SMTP server received is recorded 'sent' or 'unknown', and the 'unknown' ones
 * are not resent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

let t: TestApp | undefined;
let smtp: TestSmtpServer | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  smtp?.release();
  await smtp?.close();
  await t?.close();
  t = smtp = child = undefined;
});

const NOW = '2026-11-23T09:00:00.000Z';

/** `npm run cli -- mail run --now … --json` as a child process on the test's database and SMTP server. */
function startSender(databaseFile: string, smtpUrl: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'server/cli.ts'), 'mail', 'run', '--now', NOW, '--json'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_FILE: databaseFile, SMTP_URL: smtpUrl, BASE_URL: 'http://survey.test', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child: proc, done };
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
    child = first.child;
    await smtp.waitForMessages(answeredFirst + 1, 45_000);
    child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const heldIds = smtp.messages.slice(answeredFirst).map((m) => m.messageId);
    expect(heldIds.length).toBeGreaterThanOrEqual(1);

    // the held messages were received: as far as anyone knows they may be delivered
    smtp.release();
    const second = startSender(databaseFile, smtp.url);
    child = second.child;
    const restarted = await second.done;
    expect(restarted.code, restarted.stderr).toBe(0);
    const result = JSON.parse(restarted.stdout) as { unknownRecovered: number; sent: number };
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
    child = third.child;
    const again = await third.done;
    expect(JSON.parse(again.stdout)).toMatchObject({ sent: 0, unknownRecovered: 0 });
    expect(smtp.messages.length).toBe(perRecipient.size);
  });
});
