/**
 * The SQL of purging a wave's personal data after its retention period (the use case, with its
 * checks, snapshot and audit entry, is services/retention.ts).
 */
import { sql } from 'kysely';
import { PURGED_EMAIL_PREFIX } from '../../domain/fieldwork/retention.js';
import type { Db } from '../connection.js';
import type { Wave } from '../database.js';
import { selectWaves } from './waves.js';

export interface PurgeCounts {
  participants: number;
  drafts: number;
  contacts: number;
  outbox: number;
}

/** Waves that are not purged yet and have a retention period: the candidates of a purge pass. */
export async function wavesWithRetention(db: Db): Promise<Wave[]> {
  return selectWaves(db)
    .where('waves.purged_at', 'is', null)
    .where('waves.retention_days', 'is not', null)
    .orderBy('waves.closes_at')
    .orderBy('waves.id')
    .execute();
}

/** What a purge of the wave would remove. */
export async function purgeCounts(db: Db, waveId: string): Promise<PurgeCounts> {
  const count = async (table: 'participants' | 'drafts' | 'contacts') => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('wave_id', '=', waveId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const outbox = await db
    .selectFrom('outbox')
    .innerJoin('mail_jobs', 'mail_jobs.id', 'outbox.job_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('mail_jobs.wave_id', '=', waveId)
    .executeTakeFirstOrThrow();
  return { participants: await count('participants'), drafts: await count('drafts'), contacts: await count('contacts'), outbox: Number(outbox.n) };
}

/**
 * Blank the participants' e-mail (it becomes `verwijderd-<id>`), name, attributes and free-text
 * reasons; delete drafts, contact answers and the outbox copies of the wave's mail; clear mail
 * errors (they may quote addresses); mark the wave purged. Responses, invitation statuses and
 * dispositions stay. Run it in the caller's transaction.
 */
export async function erasePersonalData(db: Db, waveId: string, now: Date): Promise<void> {
  await db
    .updateTable('participants')
    .set({
      email: sql<string>`${PURGED_EMAIL_PREFIX} || id`,
      name: null,
      attributes: '{}',
      ineligible_reason: null,
      bounce_reason: null,
    })
    .where('wave_id', '=', waveId)
    .execute();
  await db.deleteFrom('drafts').where('wave_id', '=', waveId).execute();
  await db.deleteFrom('contacts').where('wave_id', '=', waveId).execute();
  // the outbox keeps the full messages (address, name, personal link)
  await db
    .deleteFrom('outbox')
    .where('job_id', 'in', (eb) => eb.selectFrom('mail_jobs').select('id').where('wave_id', '=', waveId))
    .execute();
  await db.updateTable('mail_jobs').set({ last_error: null }).where('wave_id', '=', waveId).execute();
  await db.updateTable('waves').set({ purged_at: now.toISOString() }).where('id', '=', waveId).execute();
}
