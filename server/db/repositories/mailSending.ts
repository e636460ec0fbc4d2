/**
 * Sending mail jobs, crash-safely. A job is one message to one person; its status moves
 *
 *   pending/retry → sending → sent | retry | failed | unknown
 *   pending/retry → skipped (decided at send time)
 *
 * and every transition out of 'sending' names the attempt it belongs to (id and attempts), so an
 * outcome arriving late can never overwrite a later attempt. (Planning is mailPlanning.ts; the
 * researchers' view of the jobs is mailJobs.ts.)
 */
import { compiledOnce, transaction, type Db } from '../connection.js';

/**
 * Jobs left in 'sending' by a process that stopped: their fate is unknown. A job's claim holds until
 * its lease runs out (`leaseNow` is real time, whatever clock the pass runs on), so only jobs of a
 * sender that is gone are taken; a claim without a lease (from an older version) counts as run out.
 * Returns how many.
 */
export async function markInterruptedUnknown(db: Db, leaseNow: Date, waveId?: string): Promise<number> {
  let q = db
    .updateTable('mail_jobs')
    .set({ status: 'unknown', last_error: 'Verzenden onderbroken (proces gestopt): onbekend of het bericht is aangekomen.', claimed_by: null, lease_until: null })
    .where('status', '=', 'sending')
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', leaseNow.toISOString())]));
  if (waveId) q = q.where('wave_id', '=', waveId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
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
  return transaction(db, async (trx) => {
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

/** Who holds a claim and until when (real time). */
export interface Lease {
  claimer: string;
  until: Date;
}

/**
 * Claim a job for sending, committed before the message is handed to the mail server: from here
 * on a crash leaves it 'sending', which a pass after the lease has run out turns into 'unknown'.
 * Returns the attempt number that names this claim, or null when another sender got there first.
 */
export async function claimJob(db: Db, id: number, messageId: string, now: Date, lease: Lease): Promise<number | null> {
  const { rows } = await db.executeQuery(claimQuery(db, id, now.toISOString(), messageId, lease.claimer, lease.until.toISOString()));
  return rows[0]?.attempts ?? null;
}

/** Extend the lease of every job this claimer is still sending; returns how many. */
export async function renewLeases(db: Db, lease: Lease): Promise<number> {
  const result = await db
    .updateTable('mail_jobs')
    .set({ lease_until: lease.until.toISOString() })
    .where('claimed_by', '=', lease.claimer)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export type Claim = { id: number; attempts: number };

/** An outcome ends the claim. */
const released = { claimed_by: null, lease_until: null } as const;

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
  await db.executeQuery(sentQuery(db, sentAt.toISOString(), claim.id, claim.attempts));
}

// the claim and the sent mark of every message, compiled once per database (see compiledOnce)
const claimQuery = compiledOnce<[number, string, string, string, string], { attempts: number }>(5, (db, id, at, messageId, claimer, until) =>
  db
    .updateTable('mail_jobs')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), sending_at: at!, message_id: messageId!, claimed_by: claimer!, lease_until: until! }))
    .where('id', '=', id as unknown as number)
    .where('status', 'in', ['pending', 'retry'])
    .returning('attempts'),
);
const sentQuery = compiledOnce<[string, number, number], unknown>(3, (db, at, id, attempts) =>
  db
    .updateTable('mail_jobs')
    .set({ status: 'sent', sent_at: at!, last_error: null, next_attempt_at: null, ...released })
    .where('id', '=', id as unknown as number)
    .where('attempts', '=', attempts as unknown as number)
    .where('status', 'in', ['sending', 'unknown']),
);

/**
 * Claim several jobs in one committed transaction (as claimJob each), after writing the sent marks
 * given (as markSent each) in the same commit. Returns each job's attempt number, or null where
 * another sender got there first.
 */
export async function claimJobsMarkingSent(
  db: Db,
  jobs: ReadonlyArray<{ id: number; messageId: string }>,
  sent: ReadonlyArray<{ claim: Claim; at: Date }>,
  now: Date,
  lease: Lease,
): Promise<Array<number | null>> {
  const at = now.toISOString();
  const until = lease.until.toISOString();
  return transaction(db, async (trx) => {
    // the queries are compiled for the database, and run in its transaction
    for (const s of sent) await trx.executeQuery(sentQuery(db, s.at.toISOString(), s.claim.id, s.claim.attempts));
    const attempts: Array<number | null> = [];
    for (const job of jobs) {
      const { rows } = await trx.executeQuery(claimQuery(db, job.id, at, job.messageId, lease.claimer, until));
      attempts.push(rows[0]?.attempts ?? null);
    }
    return attempts;
  });
}

/** A temporary failure: try again at `nextAt`, or give up (failed) when that is null. */
export async function markRetry(db: Db, claim: Claim, nextAt: Date | null, error: string): Promise<void> {
  await claimed(db, claim)
    .set(nextAt ? { status: 'retry', next_attempt_at: nextAt.toISOString(), last_error: error, ...released } : { status: 'failed', next_attempt_at: null, last_error: error, ...released })
    .execute();
}

/** The connection broke after the message was handed over: nobody knows whether it arrived. */
export async function markUnknown(db: Db, claim: Claim, error: string): Promise<void> {
  await claimed(db, claim).set({ status: 'unknown', last_error: error, ...released }).execute();
}

/** A permanent failure for this recipient: the job fails and the participant is marked bounced. */
export async function markBounced(db: Db, claim: Claim & { participantId: number }, error: string, now: Date): Promise<void> {
  await transaction(db, async (trx) => {
    await claimed(trx, claim).set({ status: 'failed', next_attempt_at: null, last_error: error, ...released }).execute();
    await trx
      .updateTable('participants')
      .set({ bounced_at: now.toISOString(), bounce_reason: error })
      .where('id', '=', claim.participantId)
      .where('bounced_at', 'is', null)
      .execute();
  });
}

