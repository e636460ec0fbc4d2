/**
 * A wave's participant list: the list page, adding, changing and removing a person, the marks that
 * need a reason (niet in aanmerking, onbereikbaar), and the all-or-nothing CSV import shared by the
 * admin page and `participants import`. Every change is audit-logged in its own transaction.
 */
import { transaction, type Db } from '../db/connection.js';
import {
  findParticipant,
  insertParticipants,
  listParticipants,
  participantIdByEmail,
  removeParticipant as deleteParticipant,
  setBounced,
  setEligibility,
  updateParticipant,
  waveEmails,
  type NewParticipant,
  type ParticipantListRow,
} from '../db/repositories/participants.js';
import { parseParticipantsCsv, type ParticipantsCsv } from '../domain/fieldwork/participantsCsv.js';
import { participantStatus, type ParticipantStatus } from '../domain/fieldwork/participantStatus.js';
import { participantNotFound } from '../errors.js';
import type { Secrets } from '../security/secrets.js';
import { audit, type AuditAction } from './audit.js';
import { within, type Context } from './context.js';
import { assertWaveAllows, getWave } from './waves.js';

export type ParticipantView = ParticipantListRow & { status: ParticipantStatus };

const withStatus = (p: ParticipantListRow): ParticipantView => ({ ...p, status: participantStatus(p) });

/** A page of the wave's participants (by address; `search` in address, name and attributes) with their status. */
export async function participantPage(
  db: Db,
  waveId: string,
  options: { search?: string; limit: number; offset: number },
): Promise<{ rows: ParticipantView[]; total: number }> {
  const { rows, total } = await listParticipants(db, waveId, options);
  return { rows: rows.map(withStatus), total };
}

/** The wave's participant with this id, with its status, or 404. */
export async function getParticipant(db: Db, waveId: string, id: number): Promise<ParticipantView> {
  const participant = await findParticipant(db, waveId, id);
  if (!participant) throw participantNotFound();
  return withStatus(participant);
}

/** Whether another participant of the wave (not `exceptId`) has this normalized address. */
export async function emailInUse(db: Db, waveId: string, email: string, exceptId: number | null): Promise<boolean> {
  const id = await participantIdByEmail(db, waveId, email);
  return id !== undefined && id !== exceptId;
}

/** Add one participant with an invitation (not to a closed wave); returns its id. */
export async function addParticipant(ctx: Context, secrets: Secrets, waveId: string, person: NewParticipant): Promise<number> {
  assertWaveAllows(await getWave(ctx.db, waveId), ctx.now, 'addParticipants');
  return transaction(ctx.db, async (trx) => {
    const [id] = await insertParticipants(trx, secrets, waveId, [person], ctx.now);
    await audit(within(ctx, trx), { action: 'participant_added', waveId, details: { participantId: id } });
    return id!;
  });
}

/**
 * Change a participant's address, name and attributes. A new address after a bounce puts the
 * invitation back in the queue (see updateParticipant); returns whether it did.
 */
export async function changeParticipant(ctx: Context, waveId: string, participantId: number, person: NewParticipant): Promise<{ resent: boolean }> {
  return transaction(ctx.db, async (trx) => {
    const outcome = await updateParticipant(trx, waveId, participantId, person, ctx.now);
    await audit(within(ctx, trx), { action: 'participant_updated', waveId, details: { participantId, invitationRequeued: outcome.resent } });
    return outcome;
  });
}

async function mark(ctx: Context, action: AuditAction, waveId: string, participantId: number, change: (db: Db) => Promise<void>): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    await change(trx);
    await audit(within(ctx, trx), { action, waveId, details: { participantId } });
  });
}

/** Not eligible (out of the response-rate base, no mail), with the reason; or eligible again with `reason` null. */
export async function setParticipantEligibility(ctx: Context, waveId: string, participantId: number, reason: string | null): Promise<void> {
  const eligible = reason === null;
  await mark(ctx, eligible ? 'participant_eligible' : 'participant_ineligible', waveId, participantId, (db) => setEligibility(db, waveId, participantId, eligible, reason));
}

/** Unreachable by hand (a bounce that arrived later by e-mail), with the bounce message; or reachable again with `reason` null. */
export async function setParticipantBounced(ctx: Context, waveId: string, participantId: number, reason: string | null): Promise<void> {
  await mark(ctx, reason === null ? 'participant_reachable' : 'participant_bounced', waveId, participantId, (db) => setBounced(db, waveId, participantId, reason, ctx.now));
}

/** Remove a participant with invitation, draft and mail jobs; a response given stays, unlinked. */
export async function removeParticipant(ctx: Context, waveId: string, participantId: number): Promise<void> {
  await mark(ctx, 'participant_removed', waveId, participantId, async (db) => {
    await deleteParticipant(db, waveId, participantId);
  });
}

export interface ImportOutcome {
  /** What the CSV reader found: rows, rejected rows (by line), file errors, encoding and delimiter. */
  parsed: ParticipantsCsv;
  /** The new participant ids, in the order of `parsed.rows`; empty when nothing was imported. */
  ids: number[];
  /** Nothing imported because of file errors, or rejected rows without `skipInvalid`. */
  blocked: boolean;
}

/**
 * Import a participants CSV (bytes of any supported encoding, or pasted text) into a wave: all
 * valid rows with their invitations in one transaction with the audit entry, or nothing when the
 * file has errors or, without `skipInvalid`, rejected rows. A closed wave takes no new participants.
 */
export async function importParticipants(
  ctx: Context,
  secrets: Secrets,
  waveId: string,
  source: Buffer | string,
  options: { skipInvalid: boolean },
): Promise<ImportOutcome> {
  assertWaveAllows(await getWave(ctx.db, waveId), ctx.now, 'addParticipants');
  const parsed = parseParticipantsCsv(source, await waveEmails(ctx.db, waveId));
  const blocked = parsed.fileErrors.length > 0 || (parsed.errors.length > 0 && !options.skipInvalid);
  if (blocked || parsed.rows.length === 0) return { parsed, ids: [], blocked };
  const ids = await transaction(ctx.db, async (trx) => {
    const inserted = await insertParticipants(trx, secrets, waveId, parsed.rows, ctx.now);
    await audit(within(ctx, trx), { action: 'participants_imported', waveId, details: { imported: inserted.length, rejected: parsed.errors.length } });
    return inserted;
  });
  return { parsed, ids, blocked: false };
}
