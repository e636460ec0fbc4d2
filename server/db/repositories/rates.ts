/** What the response rates of a wave are computed from (persons with their state, response dates), and the snapshot kept at a purge. */
import { sql } from 'kysely';
import { z } from 'zod';
import type { RatePerson, WaveRates } from '../../domain/fieldwork/responseRates.js';
import type { Db } from '../connection.js';

/**
 * The participants of the wave with eligibility, invitation status, opt-out, bounce and list
 * attributes, grouped: persons alike in all of these come as one with their `count`. A list of
 * thousands shares a few hundred attribute combinations, and SQLite counts them far faster than
 * JavaScript can take a row per person (the rates are on every results page).
 */
export async function ratePersons(db: Db, waveId: string): Promise<RatePerson[]> {
  const optedOut = sql<number>`p.opted_out_at is not null`;
  const bounced = sql<number>`p.bounced_at is not null`;
  const rows = await db
    .selectFrom('participants as p')
    .leftJoin('invitations as i', 'i.participant_id', 'p.id')
    .select(['p.eligible', optedOut.as('opted_out'), bounced.as('bounced'), 'p.attributes', 'i.status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('p.wave_id', '=', waveId)
    .groupBy(['p.eligible', optedOut, bounced, 'p.attributes', 'i.status'])
    .execute();
  return rows.map((r) => ({
    eligible: r.eligible === 1,
    status: r.status,
    optedOut: r.opted_out === 1,
    bounced: r.bounced === 1,
    attributes: parseAttributes(r.attributes),
    count: Number(r.n),
  }));
}

const attributesSchema = z.record(z.string(), z.unknown());

function parseAttributes(json: string): Record<string, unknown> {
  try {
    const parsed = attributesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The submission date of every response of the wave (one entry per response row). */
export async function responseDates(db: Db, waveId: string): Promise<string[]> {
  const rows = await db.selectFrom('responses').select('submitted_on').where('wave_id', '=', waveId).execute();
  return rows.map((r) => r.submitted_on);
}

/** The figures kept when the wave's personal data were purged (services/retention.ts), if any. */
export async function rateSnapshot(db: Db, waveId: string): Promise<WaveRates | undefined> {
  const row = await db.selectFrom('wave_rate_snapshots').select('rates_json').where('wave_id', '=', waveId).executeTakeFirst();
  // written by saveRateSnapshot() from a WaveRates of this code: decoded, not re-validated field by field
  return row ? (JSON.parse(row.rates_json) as WaveRates) : undefined;
}

/** Keep the wave's response-rate figures (replacing an earlier snapshot). */
export async function saveRateSnapshot(db: Db, waveId: string, rates: WaveRates, now: Date): Promise<void> {
  const values = { rates_json: JSON.stringify(rates), created_at: now.toISOString() };
  await db
    .insertInto('wave_rate_snapshots')
    .values({ wave_id: waveId, ...values })
    .onConflict((oc) => oc.column('wave_id').doUpdateSet(values))
    .execute();
}
