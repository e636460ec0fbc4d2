/**
 * The researchers' side of the mail: the job overview of every wave and of one, the decision on a
 * message of unknown fate (resend or skip), and the local outbox. The sending itself is mailPass.ts.
 */
import { transaction, type Db } from '../db/connection.js';
import type { MailJobStatus, SessionUser, Wave } from '../db/database.js';
import { findJob, jobCounts, jobStatusByWave, listJobs, resolveUnknownJob, unknownReminders, type UnknownDecision } from '../db/repositories/mailJobs.js';
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

/**
 * Whether the page may name a job's recipient. In an anonymous wave a reminder goes only to those who
 * have not finished, so a reminder named per person (or by its job, numbered in participant order)
 * shows who has not finished, and its leaving the list shows who just did: such reminders are counted
 * per round only, and decided per round.
 */
function namedJob(wave: Pick<Wave, 'anonymous'>, job: { kind: 'invitation' | 'reminder' }): boolean {
  return wave.anonymous === 0 || job.kind === 'invitation';
}

/**
 * One wave's jobs: counts per kind, round and status; the jobs of unknown fate and those retrying,
 * failed or being sent, each with its recipient (not the reminders of an anonymous wave: see
 * namedJob); and an anonymous wave's reminders of unknown fate per round (how many, last handed over).
 */
export async function waveMail(db: Db, wave: Pick<Wave, 'id' | 'anonymous'>) {
  const [counts, unknown, problems] = await Promise.all([
    jobCounts(db, wave.id),
    listJobs(db, wave.id, ['unknown']),
    listJobs(db, wave.id, ['retry', 'failed', 'sending']),
  ]);
  const rounds = new Map<number, { round: number; n: number; lastSendingAt: string | null }>();
  for (const job of unknown.filter((j) => !namedJob(wave, j))) {
    const r = rounds.get(job.round) ?? { round: job.round, n: 0, lastSendingAt: null };
    r.n += 1;
    if (job.sending_at && (!r.lastSendingAt || job.sending_at > r.lastSendingAt)) r.lastSendingAt = job.sending_at;
    rounds.set(job.round, r);
  }
  return {
    counts,
    unknown: unknown.filter((j) => namedJob(wave, j)),
    problems: problems.filter((j) => namedJob(wave, j)),
    unknownReminderRounds: [...rounds.values()].sort((a, b) => a.round - b.round),
  };
}

/**
 * A researcher's decision on a job of unknown fate: resend (only after the grace period) or skip.
 * 404 for a job not of this wave, or a reminder of an anonymous wave (decided per round:
 * decideUnknownReminders); 409 when it was decided already. Audit-logged with the change.
 */
export async function decideUnknownJob(ctx: Context, wave: Pick<Wave, 'id' | 'anonymous'>, jobId: number, decision: UnknownDecision): Promise<void> {
  const job = Number.isSafeInteger(jobId) ? await findJob(ctx.db, wave.id, jobId) : undefined;
  if (!job || !namedJob(wave, job)) throw mailJobNotFound();
  if (job.status !== 'unknown') throw mailJobDecided();
  if (decision === 'resend' && !mayResend(job.sending_at, ctx.now)) throw resendTooSoon();
  await transaction(ctx.db, async (trx) => {
    if (!(await resolveUnknownJob(trx, job.id, wave.id, decision, actorLabel(ctx.actor), ctx.now))) throw mailJobDecided();
    await audit(within(ctx, trx), { action: `mail.unknown.${decision}`, waveId: wave.id, details: { jobId: job.id } });
  });
}

/**
 * The decision on every reminder of unknown fate of one round of an anonymous wave at once (resend
 * only once the last was handed over long enough ago). 404 when the round has none; audit-logged
 * with the round and the number of messages.
 */
export async function decideUnknownReminders(ctx: Context, wave: Pick<Wave, 'id'>, round: number, decision: UnknownDecision): Promise<number> {
  const jobs = Number.isSafeInteger(round) ? await unknownReminders(ctx.db, wave.id, round) : [];
  if (jobs.length === 0) throw mailJobNotFound();
  if (decision === 'resend' && !jobs.every((j) => mayResend(j.sending_at, ctx.now))) throw resendTooSoon();
  return transaction(ctx.db, async (trx) => {
    let decided = 0;
    for (const job of jobs) if (await resolveUnknownJob(trx, job.id, wave.id, decision, actorLabel(ctx.actor), ctx.now)) decided += 1;
    if (decided === 0) throw mailJobDecided();
    await audit(within(ctx, trx), { action: `mail.unknown.${decision}`, waveId: wave.id, details: { reminderRound: round, messages: decided } });
    return decided;
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
