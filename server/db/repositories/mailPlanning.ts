/**
 * Planning mail jobs. A job is one message to one person (UNIQUE participant, kind, round), so
 * planning twice never creates a second message: invitations when a wave opens, reminders from the
 * wave's reminder days after each person's own invitation, and the changes a closed wave or new
 * reminder days bring:
 *
 *   pending → cancelled (wave closed, or a reminder round dropped) → pending (the round put back)
 */
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import { transaction, type Db } from '../connection.js';
import type { MailJobsTable } from '../database.js';

const INSERT_CHUNK = 400;

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
  await transaction(db, async (trx) => {
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

/** Insert jobs exactly as given (a history of rounds already sent: the demo), in one transaction. */
export async function insertMailJobs(db: Db, rows: ReadonlyArray<Insertable<MailJobsTable>>): Promise<void> {
  await transaction(db, async (trx) => {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx.insertInto('mail_jobs').values(rows.slice(i, i + INSERT_CHUNK)).execute();
  });
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

