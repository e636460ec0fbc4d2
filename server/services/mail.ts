/**
 * The researchers' side of the mail: the job overview of every wave and of one, the decision on a
 * message of unknown fate (resend or skip), and the local outbox. The sending itself is mailPass.ts.
 */
import { transaction, type Db } from '../db/connection.js';
import type { MailJobStatus, SessionUser, Wave } from '../db/database.js';
import { findJob, jobCounts, jobStatusByWave, listJobs, resolveUnknownJob, type UnknownDecision } from '../db/repositories/mailJobs.js';
import { findOutboxMessage, listOutbox, type OutboxListItem } from '../db/repositories/outbox.js';
import { findWave } from '../db/repositories/waves.js';
import { mailJobDecided, mailJobNotFound, outboxMessageNotFound, resendTooSoon } from '../errors.js';
import { housesFor } from './access.js';
import { audit } from './audit.js';
import { actorLabel, within, type Context } from './context.js';

/**
 * A job of unknown fate may be resent only once it was handed over this long ago: a sender that is
 * still busy with it (another process) will by then have recorded its outcome or died.
 */
export const RESEND_GRACE_MS = 15 * 60_000;

/** Whether a job handed over at `sendingAt` may be resent at `now`. */
export function mayResend(sendingAt: string | null, now: Date): boolean {
  return !sendingAt || now.getTime() - Date.parse(sendingAt) >= RESEND_GRACE_MS;
}

/** Job counts per wave and status, of the waves `user` manages. */
export async function mailOverview(db: Db, user: SessionUser): Promise<Array<{ wave_id: string; status: MailJobStatus; n: number }>> {
  return jobStatusByWave(db, housesFor(user, 'manageWaves'));
}

/** One wave's jobs: counts per kind, round and status; the jobs of unknown fate; those retrying, failed or being sent. */
export async function waveMail(db: Db, waveId: string) {
  const [counts, unknown, problems] = await Promise.all([
    jobCounts(db, waveId),
    listJobs(db, waveId, ['unknown']),
    listJobs(db, waveId, ['retry', 'failed', 'sending']),
  ]);
  return { counts, unknown, problems };
}

/**
 * A researcher's decision on a job of unknown fate: resend (only after the grace period) or skip.
 * 404 for a job not of this wave; 409 when it was decided already. Audit-logged with the change.
 */
export async function decideUnknownJob(ctx: Context, wave: Pick<Wave, 'id'>, jobId: number, decision: UnknownDecision): Promise<void> {
  const job = Number.isSafeInteger(jobId) ? await findJob(ctx.db, wave.id, jobId) : undefined;
  if (!job) throw mailJobNotFound();
  if (job.status !== 'unknown') throw mailJobDecided();
  if (decision === 'resend' && !mayResend(job.sending_at, ctx.now)) throw resendTooSoon();
  await transaction(ctx.db, async (trx) => {
    if (!(await resolveUnknownJob(trx, job.id, wave.id, decision, actorLabel(ctx.actor), ctx.now))) throw mailJobDecided();
    await audit(within(ctx, trx), { action: `mail.unknown.${decision}`, waveId: wave.id, details: { jobId: job.id } });
  });
}

/** A page of the outbox messages of the waves `user` manages, newest first, optionally of one wave. */
export async function outboxPage(db: Db, user: SessionUser, options: { waveId?: string; limit: number; offset: number }): Promise<{ total: number; items: OutboxListItem[] }> {
  return listOutbox(db, { ...options, houses: housesFor(user, 'manageWaves') });
}

/** One outbox message with its bodies and headers, or 404 (also when its wave is not one `user` manages). */
export async function outboxMessage(db: Db, user: SessionUser, id: number) {
  const message = Number.isSafeInteger(id) ? await findOutboxMessage(db, id) : undefined;
  const houses = housesFor(user, 'manageWaves');
  const wave = message?.wave_id && houses !== 'all' ? await findWave(db, message.wave_id) : undefined;
  if (!message || (houses !== 'all' && !(wave && houses.includes(wave.house_id)))) throw outboxMessageNotFound();
  return message;
}
