/** What the response rates of a wave are computed from: persons with their state, response dates, mail rounds. */
import type { Db } from '../connection.js';
import type { Wave } from '../database.js';
import { waveRates, type RatePerson, type WaveRates } from '../../domain/fieldwork/responseRates.js';
import { dutchDay } from '../../domain/format/nl.js';
import { sentRounds } from './mailJobs.js';

/** Every participant of the wave with eligibility, invitation status, opt-out, bounce and list attributes. */
export async function ratePersons(db: Db, waveId: string): Promise<RatePerson[]> {
  const rows = await db
    .selectFrom('participants as p')
    .leftJoin('invitations as i', 'i.participant_id', 'p.id')
    .select(['p.eligible', 'p.opted_out_at', 'p.bounced_at', 'p.attributes', 'i.status'])
    .where('p.wave_id', '=', waveId)
    .execute();
  return rows.map((r) => ({
    eligible: r.eligible === 1,
    status: r.status,
    optedOut: r.opted_out_at !== null,
    bounced: r.bounced_at !== null,
    attributes: parseAttributes(r.attributes),
  }));
}

function parseAttributes(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The submission date of every response of the wave (one entry per response row). */
export async function responseDates(db: Db, waveId: string): Promise<string[]> {
  const rows = await db.selectFrom('responses').select('submitted_on').where('wave_id', '=', waveId).execute();
  return rows.map((r) => r.submitted_on);
}

/** The figures kept when the wave's personal data were purged (server/db/repositories/retention.ts), if any. */
export async function rateSnapshot(db: Db, waveId: string): Promise<WaveRates | undefined> {
  const row = await db.selectFrom('wave_rate_snapshots').select('rates_json').where('wave_id', '=', waveId).executeTakeFirst();
  return row ? (JSON.parse(row.rates_json) as WaveRates) : undefined;
}

/**
 * The response rates of a wave as of `now` (the curve runs from the opening day to today or the
 * closing day); for a purged wave, whose list no longer holds the attributes, the snapshot taken then.
 */
export async function computeWaveRates(db: Db, wave: Wave, now: Date): Promise<WaveRates> {
  if (wave.purged_at !== null) {
    const snapshot = await rateSnapshot(db, wave.id);
    if (snapshot) return snapshot;
  }
  const [persons, submittedOn, rounds] = await Promise.all([ratePersons(db, wave.id), responseDates(db, wave.id), sentRounds(db, wave.id)]);
  const end = Math.max(Date.parse(wave.opens_at), Math.min(now.getTime(), Date.parse(wave.closes_at) - 1));
  return waveRates({
    persons,
    submittedOn,
    rounds: rounds.map((r) => ({ kind: r.kind, round: r.round, date: dutchDay(r.first), sent: r.sent })),
    anonymous: wave.anonymous === 1,
    minCellSize: wave.min_cell_size,
    from: dutchDay(wave.opens_at),
    to: dutchDay(new Date(end)),
  });
}
