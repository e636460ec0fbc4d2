/** What the response rates of a wave are computed from (persons with their state, response dates), and the snapshot kept at a purge. */
import { sql } from 'kysely';
import { z } from 'zod';
import type { RatePerson, WaveRates } from '../../domain/fieldwork/responseRates.js';
import type { Db } from '../connection.js';

/**
 * The participants of the wave with eligibility, invitation status, opt-out, bounce and list
 * attributes, and whether a response they sent was complete: known only where responses are linked
 * to their invitation (`linked`: not in anonymous waves) and one is, else null. Read grouped: persons
 * alike in all of these come as one with their `count`. A list of thousands shares a few hundred
 * combinations, and SQLite counts them far faster than JavaScript can take a row per person (the
 * rates are on every results page).
 */
export async function ratePersons(db: Db, waveId: string, linked: boolean): Promise<RatePerson[]> {
  const optedOut = sql<number>`p.opted_out_at is not null`;
  const bounced = sql<number>`p.bounced_at is not null`;
  const rows = await db
    .selectFrom('participants as p')
    .leftJoin('invitations as i', 'i.participant_id', 'p.id')
    .select(['p.eligible', optedOut.as('opted_out'), bounced.as('bounced'), 'p.attributes', 'i.status', (eb) => eb.fn.countAll<number>().as('n')])
    // null without a linked response; else whether any linked response is complete. One pass over the
    // wave's responses joined by invitation (responses have no index by invitation: a subquery per
    // participant read every response of the wave again, 2.5 s for 5,500 participants)
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('responses')
          .select(['invitation_id', (x) => x.fn.max('complete').as('c')])
          .where('wave_id', '=', waveId)
          .where('invitation_id', 'is not', null)
          .groupBy('invitation_id')
          .as('s'),
      (join) => join.onRef('s.invitation_id', '=', 'i.id'),
    )
    .select('s.c as sent_complete')
    .where('p.wave_id', '=', waveId)
    .groupBy(['p.eligible', optedOut, bounced, 'p.attributes', 'i.status', 's.c'])
    .execute();
  return rows.map((r) => ({
    eligible: r.eligible === 1,
    status: r.status,
    sentComplete: linked && r.status === 'completed' && r.sent_complete !== null ? Number(r.sent_complete) === 1 : null,
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

/** The submission date of every response of the wave (one entry per response row) and how many are partial. */
export async function responseDates(db: Db, waveId: string): Promise<{ submittedOn: string[]; partial: number }> {
  const rows = await db.selectFrom('responses').select(['submitted_on', 'complete']).where('wave_id', '=', waveId).execute();
  return { submittedOn: rows.map((r) => r.submitted_on), partial: rows.filter((r) => r.complete === 0).length };
}

/** An anonymous wave's totals of persons whose first response was complete or partial. */
export async function submissionCounts(db: Db, waveId: string): Promise<{ complete: number; partial: number }> {
  const row = await db.selectFrom('submission_counts').select(['complete_persons', 'partial_persons']).where('wave_id', '=', waveId).executeTakeFirst();
  return { complete: row?.complete_persons ?? 0, partial: row?.partial_persons ?? 0 };
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
