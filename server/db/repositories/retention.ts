/**
 * Purging a wave's personal data after its retention period, in one transaction: snapshot the
 * response-rate figures, blank the participants' e-mail, name, attributes and free-text reasons,
 * delete drafts, contact answers and the outbox copies of the wave's mail, mark the wave purged and
 * write the audit log. Responses, invitation statuses and dispositions stay.
 */
import { sql } from 'kysely';
import { PURGED_EMAIL_PREFIX, purgeEligibility, type PurgeEligibility } from '../../domain/fieldwork/retention.js';
import type { Db } from '../connection.js';
import type { Wave } from '../database.js';
import { computeWaveRates } from './rates.js';
import { audit } from './users.js';

export interface PurgeCounts {
  participants: number;
  drafts: number;
  contacts: number;
  outbox: number;
}

export interface PurgeOutcome extends PurgeCounts {
  waveId: string;
  title: string;
  house: string;
  dueAt: string | null;
  forced: boolean;
  purgedAt: string;
  dryRun: boolean;
}

/** Waves that are not purged yet and have a retention period: the candidates of a purge pass. */
export async function wavesWithRetention(db: Db): Promise<Wave[]> {
  return db
    .selectFrom('waves')
    .selectAll()
    .where('purged_at', 'is', null)
    .where('retention_days', 'is not', null)
    .orderBy('closes_at')
    .orderBy('id')
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
 * Purge one wave if it may be purged now (see purgeEligibility); with dryRun only count. The
 * eligibility is checked again inside the transaction, so two purges at once cannot both run.
 */
export async function purgeWave(
  db: Db,
  wave: Wave,
  options: { now: Date; actor: string; force?: boolean; dryRun?: boolean },
): Promise<{ ok: true; outcome: PurgeOutcome } | Extract<PurgeEligibility, { ok: false }>> {
  const check = purgeEligibility(wave, options.now, { force: options.force });
  if (!check.ok) return check;
  const base = {
    waveId: wave.id,
    title: wave.title,
    house: wave.house,
    dueAt: check.dueAt?.toISOString() ?? null,
    forced: check.forced,
    purgedAt: options.now.toISOString(),
  };
  if (options.dryRun) return { ok: true, outcome: { ...base, ...(await purgeCounts(db, wave.id)), dryRun: true } };

  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('waves').selectAll().where('id', '=', wave.id).executeTakeFirst();
    const recheck = current ? purgeEligibility(current, options.now, { force: options.force }) : undefined;
    if (!current || !recheck || !recheck.ok) {
      return recheck && !recheck.ok ? recheck : { ok: false as const, reason: 'purged' as const, message: 'the wave no longer exists', dueAt: null };
    }
    const counts = await purgeCounts(trx, wave.id);
    // the figures first, while the list they come from is still whole
    const rates = await computeWaveRates(trx, current, options.now);
    await trx
      .insertInto('wave_rate_snapshots')
      .values({ wave_id: wave.id, rates_json: JSON.stringify(rates), created_at: options.now.toISOString() })
      .onConflict((oc) => oc.column('wave_id').doUpdateSet({ rates_json: JSON.stringify(rates), created_at: options.now.toISOString() }))
      .execute();
    await trx
      .updateTable('participants')
      .set({
        email: sql<string>`${PURGED_EMAIL_PREFIX} || id`,
        name: null,
        attributes: '{}',
        ineligible_reason: null,
        bounce_reason: null,
      })
      .where('wave_id', '=', wave.id)
      .execute();
    await trx.deleteFrom('drafts').where('wave_id', '=', wave.id).execute();
    await trx.deleteFrom('contacts').where('wave_id', '=', wave.id).execute();
    // the outbox keeps the full messages (address, name, personal link); delivery errors may quote addresses
    await trx
      .deleteFrom('outbox')
      .where('job_id', 'in', (eb) => eb.selectFrom('mail_jobs').select('id').where('wave_id', '=', wave.id))
      .execute();
    await trx.updateTable('mail_jobs').set({ last_error: null }).where('wave_id', '=', wave.id).execute();
    await trx.updateTable('waves').set({ purged_at: options.now.toISOString() }).where('id', '=', wave.id).execute();
    await audit(trx, options.actor, 'wave_purged', { waveId: wave.id, forced: recheck.forced, ...counts }, options.now);
    return { ok: true as const, outcome: { ...base, forced: recheck.forced, ...counts, dryRun: false } };
  });
}

/** Purge every wave whose retention period has passed; returns what was (or with dryRun would be) purged. */
export async function purgeDueWaves(db: Db, options: { now: Date; actor: string; dryRun?: boolean }): Promise<PurgeOutcome[]> {
  const outcomes: PurgeOutcome[] = [];
  for (const wave of await wavesWithRetention(db)) {
    const result = await purgeWave(db, wave, options);
    if (result.ok) outcomes.push(result.outcome);
  }
  return outcomes;
}
