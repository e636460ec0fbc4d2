/**
 * The persistent mail job table. A job is one message to one person (UNIQUE participant, kind,
 * round), so planning twice never creates a second message. Its status moves
 *
 *   pending/retry → sending → sent | retry | failed | unknown
 *   pending/retry → skipped (decided at send time) | cancelled (wave closed)
 *   pending → cancelled → pending (a reminder round dropped from, and later put back in, the wave's reminder days)
 *
 * and every transition out of 'sending' names the attempt it belongs to (id and attempts), so an
 * outcome arriving late can never overwrite a later attempt.
 */
import { sql } from 'kysely';
import type { Db } from '../connection.js';
import type { MailJob } from '../database.js';

export type MailJobStatus = MailJob['status'];

const INSERT_CHUNK = 400;

/** Jobs left in 'sending' by a process that stopped: their fate is unknown. Returns how many. */
export async function markInterruptedUnknown(db: Db, waveId?: string): Promise<number> {
  let q = db
    .updateTable('mail_jobs')
    .set({ status: 'unknown', last_error: 'Verzenden onderbroken (proces gestopt): onbekend of het bericht is aangekomen.' })
    .where('status', '=', 'sending');
  if (waveId) q = q.where('wave_id', '=', waveId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Eligible participants of a wave that have no invitation record yet. */
export async function participantsWithoutInvitation(db: Db, waveId: string): Promise<number[]> {
  const rows = await db
    .selectFrom('participants as p')
    .leftJoin('invitations as i', 'i.participant_id', 'p.id')
    .select('p.id')
    .where('p.wave_id', '=', waveId)
    .where('p.eligible', '=', 1)
    .where('i.id', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/** An invitation job (round 0, due at `dueAt`) for every eligible participant without one. */
export async function planInvitationJobs(db: Db, waveId: string, dueAt: Date, now: Date): Promise<number> {
  const result = await db
    .insertInto('mail_jobs')
    .columns(['wave_id', 'participant_id', 'kind', 'round', 'due_at', 'created_at'])
    .expression(
      db
        .selectFrom('participants')
        .select([
          'wave_id',
          'id',
          sql.lit('invitation').as('kind'),
          sql.lit(0).as('round'),
          sql.val(dueAt.toISOString()).as('due_at'),
          sql.val(now.toISOString()).as('created_at'),
        ])
        .where('wave_id', '=', waveId)
        .where('eligible', '=', 1),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface ReminderBase {
  participantId: number;
  /** When the invitation was handed over (accepted, or handed over with unknown fate). */
  invitationAt: string;
  /** How many reminder jobs the participant already has. */
  reminders: number;
}

/**
 * Invitations that anchor reminders: sent, or handed over with unknown fate (then most likely
 * delivered, and a reminder is a different message, so it does not duplicate anything).
 */
export async function reminderBases(db: Db, waveId: string): Promise<ReminderBase[]> {
  const rows = await db
    .selectFrom('mail_jobs as j')
    .select((eb) => [
      'j.participant_id',
      eb.fn.coalesce('j.sent_at', 'j.sending_at').as('base'),
      eb
        .selectFrom('mail_jobs as r')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.participant_id', '=', 'j.participant_id')
        .where('r.kind', '=', 'reminder')
        .as('reminders'),
    ])
    .where('j.wave_id', '=', waveId)
    .where('j.kind', '=', 'invitation')
    .where('j.status', 'in', ['sent', 'unknown', 'skipped'])
    .execute();
  return rows
    .filter((r): r is typeof r & { base: string } => r.base !== null)
    .map((r) => ({ participantId: r.participant_id, invitationAt: r.base, reminders: Number(r.reminders ?? 0) }));
}

/** Why a planned reminder was cancelled when the wave's reminder days changed (and how it is recognised to restore it). */
export const REMINDER_DROPPED = 'Herinneringsdagen van de ronde gewijzigd: deze herinnering vervalt.';

/**
 * Bring reminders that have not gone out yet in line with the wave's current reminder days, after a
 * researcher changed them: a pending reminder moves to its new due time, one whose round no longer
 * exists (or now falls after closing) is cancelled, and one cancelled that way comes back when its
 * round exists again. `wanted` gives every participant's schedule for the current days. Only jobs
 * still 'pending' are changed (a job being sent or retried keeps its course), all in one transaction.
 */
export async function replanReminders(
  db: Db,
  waveId: string,
  wanted: ReadonlyMap<number, ReadonlyArray<{ round: number; dueAt: Date }>>,
): Promise<{ moved: number; cancelled: number; restored: number }> {
  const rows = await db
    .selectFrom('mail_jobs')
    .select(['id', 'participant_id', 'round', 'due_at', 'status'])
    .where('wave_id', '=', waveId)
    .where('kind', '=', 'reminder')
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'cancelled'), eb('last_error', '=', REMINDER_DROPPED)])]))
    .execute();
  const changes: Array<{ id: number; to: 'move' | 'cancel' | 'restore'; dueAt?: string }> = [];
  for (const row of rows) {
    const due = wanted.get(row.participant_id)?.find((r) => r.round === row.round)?.dueAt.toISOString();
    if (due === undefined) {
      if (row.status === 'pending') changes.push({ id: row.id, to: 'cancel' });
    } else if (row.status === 'cancelled') changes.push({ id: row.id, to: 'restore', dueAt: due });
    else if (row.due_at !== due) changes.push({ id: row.id, to: 'move', dueAt: due });
  }
  const counts = { moved: 0, cancelled: 0, restored: 0 };
  if (changes.length === 0) return counts;
  await db.transaction().execute(async (trx) => {
    for (const c of changes) {
      const q =
        c.to === 'cancel'
          ? trx.updateTable('mail_jobs').set({ status: 'cancelled', last_error: REMINDER_DROPPED }).where('status', '=', 'pending')
          : c.to === 'restore'
            ? trx.updateTable('mail_jobs').set({ status: 'pending', last_error: null, due_at: c.dueAt! }).where('status', '=', 'cancelled').where('last_error', '=', REMINDER_DROPPED)
            : trx.updateTable('mail_jobs').set({ due_at: c.dueAt! }).where('status', '=', 'pending');
      const result = await q.where('id', '=', c.id).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) counts[c.to === 'move' ? 'moved' : c.to === 'cancel' ? 'cancelled' : 'restored'] += 1;
    }
  });
  return counts;
}

/** Insert reminder jobs; existing ones (same participant and round) are left alone. */
export async function insertReminderJobs(
  db: Db,
  waveId: string,
  jobs: ReadonlyArray<{ participantId: number; round: number; dueAt: Date }>,
  now: Date,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < jobs.length; i += INSERT_CHUNK) {
    const chunk = jobs.slice(i, i + INSERT_CHUNK).map((j) => ({
      wave_id: waveId,
      participant_id: j.participantId,
      kind: 'reminder' as const,
      round: j.round,
      due_at: j.dueAt.toISOString(),
      created_at: now.toISOString(),
    }));
    const result = await db.insertInto('mail_jobs').values(chunk).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** A closed wave sends nothing more: pending jobs are cancelled, jobs waiting for a retry have failed. */
export async function closeWaveJobs(db: Db, waveId: string): Promise<{ cancelled: number; failed: number }> {
  const cancelled = await db
    .updateTable('mail_jobs')
    .set({ status: 'cancelled', last_error: 'Ronde gesloten voordat het bericht verstuurd was.' })
    .where('wave_id', '=', waveId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  const failed = await db
    .updateTable('mail_jobs')
    .set({ status: 'failed', next_attempt_at: null })
    .where('wave_id', '=', waveId)
    .where('status', '=', 'retry')
    .executeTakeFirst();
  return { cancelled: Number(cancelled.numUpdatedRows), failed: Number(failed.numUpdatedRows) };
}

/** A due job with what is needed to decide on it and to address it. */
export interface DueJob {
  id: number;
  wave_id: string;
  participant_id: number;
  kind: 'invitation' | 'reminder';
  round: number;
  attempts: number;
  email: string;
  name: string | null;
  eligible: 0 | 1;
  opted_out_at: string | null;
  bounced_at: string | null;
  invitation_id: number | null;
  invitation_status: 'invited' | 'started' | 'completed' | null;
  token_nonce: string | null;
}

/** Jobs of the given waves that are due at `now`, oldest first. */
export async function dueJobs(db: Db, waveIds: readonly string[], now: Date, limit: number): Promise<DueJob[]> {
  if (waveIds.length === 0) return [];
  const at = now.toISOString();
  return db
    .selectFrom('mail_jobs as j')
    .innerJoin('participants as p', 'p.id', 'j.participant_id')
    .leftJoin('invitations as i', 'i.participant_id', 'j.participant_id')
    .select([
      'j.id',
      'j.wave_id',
      'j.participant_id',
      'j.kind',
      'j.round',
      'j.attempts',
      'p.email',
      'p.name',
      'p.eligible',
      'p.opted_out_at',
      'p.bounced_at',
      'i.id as invitation_id',
      'i.status as invitation_status',
      'i.token_nonce',
    ])
    .where('j.wave_id', 'in', waveIds)
    .where('j.status', 'in', ['pending', 'retry'])
    .where('j.due_at', '<=', at)
    .where((eb) => eb.or([eb('j.next_attempt_at', 'is', null), eb('j.next_attempt_at', '<=', at)]))
    .orderBy('j.due_at')
    .orderBy('j.id')
    .limit(limit)
    .execute();
}

/** Decide not to send: the job is skipped with its reason. */
export async function markSkipped(db: Db, jobs: ReadonlyArray<{ id: number; reason: string }>): Promise<number> {
  if (jobs.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let n = 0;
    for (const job of jobs) {
      const r = await trx
        .updateTable('mail_jobs')
        .set({ status: 'skipped', last_error: job.reason, next_attempt_at: null })
        .where('id', '=', job.id)
        .where('status', 'in', ['pending', 'retry'])
        .executeTakeFirst();
      n += Number(r.numUpdatedRows);
    }
    return n;
  });
}

/**
 * Claim a job for sending, committed before the message is handed to the mail server: from here
 * on a crash leaves it 'sending', which the next pass turns into 'unknown'. Returns the attempt
 * number that names this claim, or null when another sender got there first.
 */
export async function claimJob(db: Db, id: number, messageId: string, now: Date): Promise<number | null> {
  const row = await db
    .updateTable('mail_jobs')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), sending_at: now.toISOString(), message_id: messageId }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'retry'])
    .returning('attempts')
    .executeTakeFirst();
  return row ? row.attempts : null;
}

type Claim = { id: number; attempts: number };

/** Updates only the claim's own attempt, and only while its outcome is still open. */
function claimed(db: Db, claim: Claim) {
  return db
    .updateTable('mail_jobs')
    .where('id', '=', claim.id)
    .where('attempts', '=', claim.attempts)
    .where('status', 'in', ['sending', 'unknown']);
}

/** The mail server accepted the message. */
export async function markSent(db: Db, claim: Claim, sentAt: Date): Promise<void> {
  await claimed(db, claim).set({ status: 'sent', sent_at: sentAt.toISOString(), last_error: null, next_attempt_at: null }).execute();
}

/** A temporary failure: try again at `nextAt`, or give up (failed) when that is null. */
export async function markRetry(db: Db, claim: Claim, nextAt: Date | null, error: string): Promise<void> {
  await claimed(db, claim)
    .set(nextAt ? { status: 'retry', next_attempt_at: nextAt.toISOString(), last_error: error } : { status: 'failed', next_attempt_at: null, last_error: error })
    .execute();
}

/** The connection broke after the message was handed over: nobody knows whether it arrived. */
export async function markUnknown(db: Db, claim: Claim, error: string): Promise<void> {
  await claimed(db, claim).set({ status: 'unknown', last_error: error }).execute();
}

/** A permanent failure for this recipient: the job fails and the participant is marked bounced. */
export async function markBounced(db: Db, claim: Claim & { participantId: number }, error: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await claimed(trx, claim).set({ status: 'failed', next_attempt_at: null, last_error: error }).execute();
    await trx
      .updateTable('participants')
      .set({ bounced_at: now.toISOString(), bounce_reason: error })
      .where('id', '=', claim.participantId)
      .where('bounced_at', 'is', null)
      .execute();
  });
}

/** Counts per kind, round and status: the job overview of a wave. */
export async function jobCounts(db: Db, waveId: string): Promise<Array<{ kind: 'invitation' | 'reminder'; round: number; status: MailJobStatus; n: number }>> {
  const rows = await db
    .selectFrom('mail_jobs')
    .select(['kind', 'round', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('wave_id', '=', waveId)
    .groupBy(['kind', 'round', 'status'])
    .orderBy('round')
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export interface JobListItem {
  id: number;
  kind: 'invitation' | 'reminder';
  round: number;
  status: MailJobStatus;
  attempts: number;
  due_at: string;
  next_attempt_at: string | null;
  sending_at: string | null;
  sent_at: string | null;
  last_error: string | null;
  message_id: string | null;
  email: string;
}

/** Jobs of a wave in the given statuses, with the recipient's address. */
export async function listJobs(db: Db, waveId: string, statuses: readonly MailJobStatus[], limit = 500): Promise<JobListItem[]> {
  return db
    .selectFrom('mail_jobs as j')
    .innerJoin('participants as p', 'p.id', 'j.participant_id')
    .select([
      'j.id',
      'j.kind',
      'j.round',
      'j.status',
      'j.attempts',
      'j.due_at',
      'j.next_attempt_at',
      'j.sending_at',
      'j.sent_at',
      'j.last_error',
      'j.message_id',
      'p.email',
    ])
    .where('j.wave_id', '=', waveId)
    .where('j.status', 'in', [...statuses])
    .orderBy('j.id')
    .limit(limit)
    .execute();
}

export type UnknownDecision = 'resend' | 'skip';

/**
 * A researcher's decision on a job of unknown fate: send it again (back to pending, due now) or
 * leave it (skipped). Only a job still 'unknown' changes; the decision is written to the audit log.
 * Returns false when the job was not (or no longer) unknown.
 */
export async function decideUnknown(db: Db, jobId: number, waveId: string, decision: UnknownDecision, actor: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const set =
      decision === 'resend'
        ? { status: 'pending' as const, next_attempt_at: null, due_at: now.toISOString(), last_error: `Opnieuw versturen gekozen door ${actor} na onbekende afloop.` }
        : { status: 'skipped' as const, next_attempt_at: null, last_error: `Overgeslagen door ${actor} na onbekende afloop.` };
    const r = await trx.updateTable('mail_jobs').set(set).where('id', '=', jobId).where('wave_id', '=', waveId).where('status', '=', 'unknown').executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await trx
      .insertInto('audit_log')
      .values({ at: now.toISOString(), actor, action: `mail.unknown.${decision}`, details: JSON.stringify({ jobId, waveId }) })
      .execute();
    return true;
  });
}

/** When each mail round started and how many of its messages went out. */
export async function sentRounds(db: Db, waveId: string): Promise<Array<{ kind: 'invitation' | 'reminder'; round: number; first: string; sent: number }>> {
  const rows = await db
    .selectFrom('mail_jobs')
    .select(['kind', 'round', (eb) => eb.fn.min('sent_at').as('first'), (eb) => eb.fn.countAll<number>().as('sent')])
    .where('wave_id', '=', waveId)
    .where('status', '=', 'sent')
    .groupBy(['kind', 'round'])
    .execute();
  return rows.filter((r): r is typeof r & { first: string } => r.first !== null).map((r) => ({ ...r, sent: Number(r.sent) }));
}

/** Job counts per wave and status, for the mail overview of all waves. */
export async function jobStatusByWave(db: Db): Promise<Array<{ wave_id: string; status: MailJobStatus; n: number }>> {
  const rows = await db
    .selectFrom('mail_jobs')
    .select(['wave_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['wave_id', 'status'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** One job of a wave. */
export async function findJob(db: Db, waveId: string, jobId: number): Promise<MailJob | undefined> {
  return db.selectFrom('mail_jobs').selectAll().where('id', '=', jobId).where('wave_id', '=', waveId).executeTakeFirst();
}
