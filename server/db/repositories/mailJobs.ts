/**
 * The mail job table as researchers see it: counts per round and status, the jobs that need a
 * decision, the rounds sent (for the response curve), and the decision on a job of unknown fate.
 */
import type { Db } from '../connection.js';
import { inHouses, type HouseFilter } from './waves.js';
import type { MailJob, MailJobStatus } from '../database.js';

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
 * leave it (skipped). Only a job still 'unknown' changes; returns false when the job was not (or no
 * longer) unknown. The use case (services/mail.ts) writes the audit entry in the same transaction.
 */
export async function resolveUnknownJob(db: Db, jobId: number, waveId: string, decision: UnknownDecision, actor: string, now: Date): Promise<boolean> {
  const set =
    decision === 'resend'
      ? { status: 'pending' as const, next_attempt_at: null, due_at: now.toISOString(), last_error: `Opnieuw versturen gekozen door ${actor} na onbekende afloop.` }
      : { status: 'skipped' as const, next_attempt_at: null, last_error: `Overgeslagen door ${actor} na onbekende afloop.` };
  const r = await db.updateTable('mail_jobs').set(set).where('id', '=', jobId).where('wave_id', '=', waveId).where('status', '=', 'unknown').executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
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

/** Job counts per wave and status of the houses' waves, for the mail overview. */
export async function jobStatusByWave(db: Db, houses: HouseFilter): Promise<Array<{ wave_id: string; status: MailJobStatus; n: number }>> {
  const rows = await inHouses(db.selectFrom('mail_jobs as j').innerJoin('waves as w', 'w.id', 'j.wave_id'), houses, 'w.house_id')
    .select(['j.wave_id', 'j.status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['j.wave_id', 'j.status'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** One job of a wave. */
export async function findJob(db: Db, waveId: string, jobId: number): Promise<MailJob | undefined> {
  return db.selectFrom('mail_jobs').selectAll().where('id', '=', jobId).where('wave_id', '=', waveId).executeTakeFirst();
}
