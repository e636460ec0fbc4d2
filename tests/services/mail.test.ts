import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideUnknownJob, mayResend, RESEND_GRACE_MS, waveMail } from '../../server/services/mail.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { auditLog, contextOf, userOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

/** A wave with one invitation job of unknown fate, handed over `minutesAgo` minutes before the clock. */
async function unknownJob(minutesAgo: number) {
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
  const { participant } = await makeInvitee(t.app, wave);
  const at = new Date(t.app.now().getTime() - minutesAgo * 60_000).toISOString();
  const job = await t.app.db
    .insertInto('mail_jobs')
    .values({ wave_id: wave.id, participant_id: participant.id, kind: 'invitation', round: 0, due_at: at, status: 'unknown', attempts: 1, next_attempt_at: null, last_error: null, message_id: null, sent_at: null, sending_at: at, created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { wave, jobId: job.id };
}

describe('mail service', () => {
  it('lets a resend wait out the grace period after the hand-over', () => {
    const now = new Date('2026-11-23T09:00:00Z');
    expect(mayResend(null, now)).toBe(true);
    expect(mayResend(new Date(now.getTime() - RESEND_GRACE_MS).toISOString(), now)).toBe(true);
    expect(mayResend(new Date(now.getTime() - RESEND_GRACE_MS + 1).toISOString(), now)).toBe(false);
  });

  it('decides on a job of unknown fate once, only within its wave, with an audit entry', async () => {
    const { wave, jobId } = await unknownJob(30);
    const other = await makeWave(t.app, 'stappenmeter-doelbereik');
    const ctx = contextOf(t, { user: userOf('researcher') });
    await expect(decideUnknownJob(ctx, other, jobId, 'skip')).rejects.toMatchObject({ statusCode: 404 });
    await decideUnknownJob(ctx, wave, jobId, 'resend');
    await expect(decideUnknownJob(ctx, wave, jobId, 'skip')).rejects.toMatchObject({ statusCode: 409, code: 'NOT_UNKNOWN' });
    const { unknown, counts } = await waveMail(t.app.db, wave);
    expect(unknown).toEqual([]);
    expect(counts).toEqual([{ kind: 'invitation', round: 0, status: 'pending', n: 1 }]);
    expect(await auditLog(t)).toEqual([
      expect.objectContaining({ actor: 'researcher1@example.test', action: 'mail.unknown.resend', details: { waveId: wave.id, jobId } }),
    ]);
  });

  it('refuses a resend shortly after the hand-over', async () => {
    const { wave, jobId } = await unknownJob(5);
    await expect(decideUnknownJob(contextOf(t), wave, jobId, 'resend')).rejects.toMatchObject({ statusCode: 409, code: 'TOO_SOON' });
    expect((await waveMail(t.app.db, wave)).unknown.map((j) => j.id)).toEqual([jobId]);
  });
});
