/** What the response rates of a wave are computed from: persons with their state, response dates, mail rounds. */
import type { Db } from '../connection.js';
import type { RatePerson } from '../../domain/fieldwork/responseRates.js';
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

export { sentRounds };
