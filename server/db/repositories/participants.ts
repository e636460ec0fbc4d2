import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ParticipantRow } from '../../domain/fieldwork/participantsCsv.js';
import { hashToken } from '../../security/tokens.js';
import { type Secrets } from '../../security/secrets.js';
import { type Db, transaction } from '../connection.js';
import type { Participant } from '../database.js';
import { invitationToken } from '../../security/tokens.js';

/** Rows per multi-row INSERT: at 9 bound values a row this stays under SQLite's limit of 32,766 variables. */
const CHUNK = 2000;

const attributesSchema = z.record(z.string(), z.string());

/** The attributes JSON of a participant, re-validated on the way out. */
function decodeAttributes(json: string): Record<string, string> {
  const parsed = attributesSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : {};
}

/** A participant as the repository hands it out: the list attributes decoded. */
export type ParticipantRecord = Omit<Participant, 'attributes'> & { attributes: Record<string, string> };

function decoded<T extends Pick<Participant, 'attributes'>>(row: T): Omit<T, 'attributes'> & { attributes: Record<string, string> } {
  return { ...row, attributes: decodeAttributes(row.attributes) };
}

/** The (normalized) e-mail addresses already in a wave. */
export async function waveEmails(db: Db, waveId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('participants').select('email').where('wave_id', '=', waveId).execute();
  return new Set(rows.map((r) => r.email));
}

export interface NewParticipant {
  email: string;
  name: string | null;
  attributes: Record<string, string>;
}

/**
 * Insert participants, each with its invitation, in one transaction (all or nothing). Inserts go in
 * multi-row statements: a 50,000-row list takes a few hundred statements instead of 100,000.
 * Returns the new participant ids in input order.
 */
export async function insertParticipants(
  db: Db,
  secrets: Secrets,
  waveId: string,
  participants: ReadonlyArray<NewParticipant | ParticipantRow>,
  now: Date,
): Promise<number[]> {
  const createdAt = now.toISOString();
  return transaction(db, async (trx) => {
    const ids: number[] = [];
    for (let start = 0; start < participants.length; start += CHUNK) {
      const chunk = participants.slice(start, start + CHUNK);
      const inserted = await trx
        .insertInto('participants')
        .values(
          chunk.map((p) => ({
            wave_id: waveId,
            email: p.email,
            name: p.name,
            attributes: JSON.stringify(p.attributes),
            ineligible_reason: null,
            opted_out_at: null,
            bounced_at: null,
            bounce_reason: null,
            created_at: createdAt,
          })),
        )
        .returning(['id', 'email'])
        .execute();
      // RETURNING order is not guaranteed by SQLite: map back by the (unique per wave) address.
      const byEmail = new Map(inserted.map((r) => [r.email, r.id]));
      const chunkIds = chunk.map((p) => byEmail.get(p.email)!);
      ids.push(...chunkIds);
      // one call to the random source per chunk instead of one per row
      const entropy = randomBytes(32 * chunkIds.length);
      await trx
        .insertInto('invitations')
        .values(
          chunkIds.map((participantId, k) => {
            // the same derivation as createInvitation(): nonce stored, token = HMAC(nonce), only its hash kept
            const nonce = entropy.subarray(32 * k, 32 * k + 32).toString('base64url');
            return {
              wave_id: waveId,
              participant_id: participantId,
              token_nonce: nonce,
              token_hash: hashToken(invitationToken(secrets, nonce)),
              completed_at: null,
              created_at: createdAt,
            };
          }),
        )
        .execute();
    }
    return ids;
  });
}

/** A participant with what the list page shows about its invitation. */
export interface ParticipantListRow extends ParticipantRecord {
  invitation_status: 'invited' | 'started' | 'completed' | null;
  responses_count: number | null;
}

/** The participants of a wave with their invitation status, by e-mail address. */
export async function listParticipants(
  db: Db,
  waveId: string,
  options: { search?: string; limit?: number; offset?: number } = {},
): Promise<{ rows: ParticipantListRow[]; total: number }> {
  let query = db
    .selectFrom('participants')
    .leftJoin('invitations', 'invitations.participant_id', 'participants.id')
    .where('participants.wave_id', '=', waveId);
  if (options.search) {
    const like = `%${options.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`participants.email like ${like} escape '\\'`,
        sql<boolean>`participants.name like ${like} escape '\\'`,
        sql<boolean>`participants.attributes like ${like} escape '\\'`,
      ]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('participants')
    .select(['invitations.status as invitation_status', 'invitations.responses_count as responses_count'])
    .orderBy('participants.email')
    .limit(options.limit ?? 100_000)
    .offset(options.offset ?? 0)
    .execute();
  return { rows: rows.map(decoded), total: Number(total.n) };
}

/** Whether the wave has a participant list (a wave with only an open link has none). */
export async function waveHasParticipants(db: Db, waveId: string): Promise<boolean> {
  return (await db.selectFrom('participants').select('id').where('wave_id', '=', waveId).limit(1).executeTakeFirst()) !== undefined;
}

/** Number of participants per wave. */
export async function countParticipantsByWave(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('participants')
    .select(['wave_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('wave_id')
    .execute();
  return new Map(rows.map((r) => [r.wave_id, Number(r.n)]));
}

/** What the status of each participant of a wave follows from (see domain/fieldwork/participantStatus.ts). */
export async function participantStates(db: Db, waveId: string) {
  return db
    .selectFrom('participants')
    .leftJoin('invitations', 'invitations.participant_id', 'participants.id')
    .select(['participants.eligible', 'participants.opted_out_at', 'participants.bounced_at', 'invitations.status as invitation_status'])
    .where('participants.wave_id', '=', waveId)
    .execute();
}

export async function findParticipant(db: Db, waveId: string, id: number): Promise<ParticipantListRow | undefined> {
  const row = await db
    .selectFrom('participants')
    .leftJoin('invitations', 'invitations.participant_id', 'participants.id')
    .selectAll('participants')
    .select(['invitations.status as invitation_status', 'invitations.responses_count as responses_count'])
    .where('participants.wave_id', '=', waveId)
    .where('participants.id', '=', id)
    .executeTakeFirst();
  return row && decoded(row);
}

/** The id of the wave's participant with this (normalized) address, if any. */
export async function participantIdByEmail(db: Db, waveId: string, email: string): Promise<number | undefined> {
  const row = await db.selectFrom('participants').select('id').where('wave_id', '=', waveId).where('email', '=', email).executeTakeFirst();
  return row?.id;
}

/**
 * Change a participant's address, name and attributes. A new address for someone whose mail bounced
 * is a correction: in the same transaction the bounce is cleared and the invitation that bounced goes
 * back in the queue, due now, so the next mail pass sends it to the new address (its reminders then
 * follow from that send). Returns whether that happened.
 */
export async function updateParticipant(db: Db, waveId: string, id: number, input: NewParticipant, now: Date): Promise<{ resent: boolean }> {
  return transaction(db, async (trx) => {
    const before = await trx.selectFrom('participants').select(['email', 'bounced_at']).where('wave_id', '=', waveId).where('id', '=', id).executeTakeFirst();
    await trx
      .updateTable('participants')
      .set({ email: input.email, name: input.name, attributes: JSON.stringify(input.attributes) })
      .where('wave_id', '=', waveId)
      .where('id', '=', id)
      .execute();
    if (!before || before.bounced_at === null || before.email === input.email) return { resent: false };
    await trx.updateTable('participants').set({ bounced_at: null, bounce_reason: null }).where('id', '=', id).execute();
    const requeued = await trx
      .updateTable('mail_jobs')
      .set({ status: 'pending', due_at: now.toISOString(), next_attempt_at: null, last_error: null })
      .where('participant_id', '=', id)
      .where('kind', '=', 'invitation')
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return { resent: Number(requeued.numUpdatedRows) > 0 };
  });
}

/**
 * Mark a participant's address unreachable by hand (a bounce that arrived later by e-mail), or
 * reachable again. An unreachable participant gets no more mail and counts as a non-contact (AAPOR
 * 3.3) in the response rates; jobs skipped meanwhile stay skipped.
 */
export async function setBounced(db: Db, waveId: string, id: number, reason: string | null, now: Date): Promise<void> {
  await db
    .updateTable('participants')
    .set(reason === null ? { bounced_at: null, bounce_reason: null } : { bounced_at: now.toISOString(), bounce_reason: reason })
    .where('wave_id', '=', waveId)
    .where('id', '=', id)
    .execute();
}

/** A participant with the wave texts the opt-out pages show. */
export async function findOptOutTarget(db: Db, participantId: number) {
  return db
    .selectFrom('participants as p')
    .innerJoin('waves as w', 'w.id', 'p.wave_id')
    .innerJoin('houses as h', 'h.id', 'w.house_id')
    .select(['p.id', 'p.wave_id', 'p.opted_out_at', 'w.title', 'h.name as house', 'w.sender_name'])
    .where('p.id', '=', participantId)
    .executeTakeFirst();
}

/** Record that a participant opted out at `at`; false when they had already. */
export async function setOptedOut(db: Db, participantId: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('participants')
    .set({ opted_out_at: at.toISOString() })
    .where('id', '=', participantId)
    .where('opted_out_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Mark a participant (not) eligible; an ineligible participant gets no mail and leaves the response-rate base. */
export async function setEligibility(db: Db, waveId: string, id: number, eligible: boolean, reason: string | null): Promise<void> {
  await db
    .updateTable('participants')
    .set({ eligible: eligible ? 1 : 0, ineligible_reason: eligible ? null : reason })
    .where('wave_id', '=', waveId)
    .where('id', '=', id)
    .execute();
}

/**
 * Remove a participant with its invitation, draft and mail jobs (foreign keys cascade). A response
 * already given stays, unlinked: removing a person from the list does not remove data.
 */
export async function removeParticipant(db: Db, waveId: string, id: number): Promise<boolean> {
  const result = await db.deleteFrom('participants').where('wave_id', '=', waveId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every participant of a wave with what a new round based on it needs to know, by address. */
export async function participantsForCopy(db: Db, waveId: string): Promise<ParticipantRecord[]> {
  const rows = await db.selectFrom('participants').selectAll().where('wave_id', '=', waveId).orderBy('email').execute();
  return rows.map(decoded);
}
