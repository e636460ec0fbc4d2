/**
 * Finding 10 of issue 15 (second part): two mail passes in two processes marked each other's
 * in-flight jobs "interrupted/unknown" although both were alive. Two real `mail run` processes here,
 * against a real SMTP server that holds its replies: A has messages in flight for longer than its
 * lease (so only renewing keeps its claims), B starts meanwhile, takes only the jobs nobody holds and
 * leaves A's alone; both finish and everyone gets one message. (A dead sender's jobs, whose lease
 * runs out, become unknown: tests/mail/crash.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { spawnCli, type Child } from '../helpers/childProcess.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { sendingJobs } from '../helpers/mailLeases.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';

let t: TestApp | undefined;
let smtp: TestSmtpServer | undefined;
const children: Child[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) if (c.process.exitCode === null && c.process.signalCode === null) c.kill('SIGKILL');
  smtp?.release();
  await smtp?.close();
  await t?.close();
  t = smtp = undefined;
});

const LEASE_SECONDS = 3;

function sender(databaseFile: string, smtpUrl: string): Child {
  const child = spawnCli(['mail', 'run', '--now', '2026-11-23T09:00:00.000Z', '--json'], {
    DATABASE_FILE: databaseFile,
    SMTP_URL: smtpUrl,
    BASE_URL: 'http://survey.test',
    LOG_LEVEL: 'silent',
    MAIL_LEASE_SECONDS: String(LEASE_SECONDS),
  });
  children.push(child);
  return child;
}

const sleepUntil = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));

/** Resolves once `n` jobs are being sent (polled: the other process writes them). */
async function jobsInFlight(app: TestApp['app'], n: number) {
  for (let waited = 0; waited < 45_000; waited += 50) {
    const jobs = await sendingJobs(app);
    if (jobs.length >= n) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`fewer than ${n} jobs in flight`);
}

describe('two senders in two processes', () => {
  it('leave each other’s messages in flight alone, even past the lease (it is renewed), and send everything once', async () => {
    t = await createTestApp();
    smtp = await startSmtpServer();
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    const total = 15;
    for (let i = 0; i < total; i++) await makeInvitee(t.app, wave, { email: `p${i}@example.test` });
    smtp.holdAfter(0);

    // A claims as many as it sends at once (10; its 5 connections carry 5 of them) and waits for
    // replies that do not come yet
    const a = sender(t.config.databaseFile, smtp.url);
    const claimedByA = await jobsInFlight(t.app, 10);
    await smtp.waitForMessages(5, 45_000);
    expect(claimedByA).toHaveLength(10);
    const firstLease = Math.max(...claimedByA.map((j) => Date.parse(j.lease_until!)));
    // past the moment A's first leases would have run out: A is alive, so it renewed them
    await sleepUntil(firstLease + 500);
    const renewed = await sendingJobs(t.app);
    expect(renewed.map((j) => j.id)).toEqual(claimedByA.map((j) => j.id));
    for (const j of renewed) expect(Date.parse(j.lease_until!)).toBeGreaterThan(Date.now());

    // B runs meanwhile: it takes the 5 jobs nobody holds, and none of A's
    const b = sender(t.config.databaseFile, smtp.url);
    const inFlight = await jobsInFlight(t.app, total);
    await smtp.waitForMessages(10, 45_000);
    expect(inFlight).toHaveLength(total);
    const claimers = new Set(inFlight.map((j) => j.claimed_by));
    expect(claimers.size).toBe(2);
    for (const j of claimedByA) expect(inFlight.find((x) => x.id === j.id)!.claimed_by).toBe(j.claimed_by);

    smtp.release();
    const [exitA, exitB] = await Promise.all([a.exited, b.exited]);
    expect(exitA.code, a.stderr()).toBe(0);
    expect(exitB.code, b.stderr()).toBe(0);
    const resultA = JSON.parse(a.stdout()) as { sent: number; unknownRecovered: number; unknown: number };
    const resultB = JSON.parse(b.stdout()) as { sent: number; unknownRecovered: number; unknown: number };
    expect([resultA.unknownRecovered, resultB.unknownRecovered, resultA.unknown, resultB.unknown]).toEqual([0, 0, 0, 0]);
    expect(resultA.sent + resultB.sent).toBe(total);

    const jobs = await t.app.db.selectFrom('mail_jobs').select(['status', 'claimed_by', 'lease_until']).where('kind', '=', 'invitation').execute();
    expect(jobs.map((j) => j.status)).toEqual(Array(total).fill('sent'));
    expect(jobs.every((j) => j.claimed_by === null && j.lease_until === null)).toBe(true);
    const recipients = smtp.messages.map((m) => m.envelopeTo[0]);
    expect(new Set(recipients).size).toBe(total);
    expect(recipients).toHaveLength(total);
  });
});
