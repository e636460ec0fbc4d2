import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Values } from '../../domain/questionnaire/variables.js';
import { compiledOnce, type Db } from '../connection.js';
import { inGroupCommit } from '../groupCommit.js';
import { hashToken, isTokenShaped } from '../../security/tokens.js';
import type { Draft } from '../database.js';
import { selectRespondentWave, type RespondentWave } from './waves.js';

/** A random draft id (128 bits): for open-link visitors it is the only key, kept in their cookie. */
export function newDraftId(): string {
  return randomBytes(16).toString('base64url');
}

const valuesSchema = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

/** The answers of a draft, re-validated on the way out of the database. */
export function draftValues(draft: Pick<Draft, 'values_json'>): Values {
  const parsed: unknown = JSON.parse(draft.values_json);
  // the schema check in plain code first (zod took ~10 µs of every respondent request); zod only
  // runs for a draft that fails it, to throw its usual error
  return isValues(parsed) ? parsed : valuesSchema.parse(parsed);
}

function isValues(x: unknown): x is Values {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  for (const key in x) {
    const value = (x as Record<string, unknown>)[key];
    if (value !== null && typeof value !== 'number' && typeof value !== 'string') return false;
  }
  return true;
}

/** An open-link draft by its id, only within its wave (a cookie from another wave's link finds nothing). */
export async function findOpenDraft(db: Db, id: string, waveId: string): Promise<Draft | undefined> {
  return db
    .selectFrom('drafts')
    .selectAll()
    .where('id', '=', id)
    .where('wave_id', '=', waveId)
    .where('invitation_id', 'is', null)
    .executeTakeFirst();
}

export interface NewDraft {
  waveId: string;
  invitationId: number | null;
  values: Values;
  page: number;
  /** The response this draft edits, if any. */
  responseId?: string | null;
}

function draftRow(draft: NewDraft, savedAt: string) {
  return {
    id: newDraftId(),
    wave_id: draft.waveId,
    invitation_id: draft.invitationId,
    values_json: JSON.stringify(draft.values),
    page: draft.page,
    response_id: draft.responseId ?? null,
    updated_at: savedAt,
  };
}

/** Start a draft (repeat, edit, open-link visitor); an invitation that already has one keeps it. `savedAt`: see storePage. */
export async function startDraft(db: Db, draft: NewDraft, savedAt: string): Promise<void> {
  await db
    .insertInto('drafts')
    .values(draftRow(draft, savedAt))
    .onConflict((oc) => oc.column('invitation_id').doNothing())
    .execute();
}

/** A new open-link visitor's draft. `savedAt`: see storePage. */
export async function createDraft(db: Db, draft: NewDraft, savedAt: string): Promise<Draft> {
  return db.insertInto('drafts').values(draftRow(draft, savedAt)).returningAll().executeTakeFirstOrThrow();
}

// the statements of every page save, compiled once (see compiledOnce)
const updateDraftQuery = compiledOnce<[string, number, string, string], unknown>(4, (db, json, page, at, id) =>
  db
    .updateTable('drafts')
    .set({ values_json: json!, page: page as unknown as number, updated_at: at! })
    .where('id', '=', id!),
);
const markStartedQuery = compiledOnce<[number], unknown>(1, (db, id) =>
  db
    .updateTable('invitations')
    .set({ status: 'started' })
    .where('id', '=', id as unknown as number)
    .where('status', '=', 'invited'),
);

/**
 * Store a page of answers, in one transaction: update the draft (or create it on the first save) and,
 * for an invitation, mark it 'started' on its first save (what response rates count as partial).
 * Page saves arriving together are committed together (see inGroupCommit); the promise resolves after
 * the commit. `savedAt` is what updated_at records: an ISO time, or only the day in an anonymous
 * wave (services/respondent.ts draftTime). Returns the draft's id.
 */
export async function storePage(
  db: Db,
  target:
    | {
        draft: Pick<Draft, 'id' | 'invitation_id'>;
        /** The invitation is known to be past 'invited' (the caller read it): nothing to mark. */
        started?: boolean;
      }
    | { create: Omit<NewDraft, 'values' | 'page'> },
  values: Values,
  page: number,
  savedAt: string,
): Promise<string> {
  return inGroupCommit(db, async (trx) => {
    let id: string;
    let invitationId: number | null;
    if ('draft' in target) {
      id = target.draft.id;
      invitationId = target.draft.invitation_id;
      await trx.executeQuery(updateDraftQuery(db, JSON.stringify(values), page, savedAt, id));
    } else {
      // two tabs saving their first page at once: the second one updates the draft the first created
      const row = await trx
        .insertInto('drafts')
        .values({
          id: newDraftId(),
          wave_id: target.create.waveId,
          invitation_id: target.create.invitationId,
          values_json: JSON.stringify(values),
          page,
          response_id: target.create.responseId ?? null,
          updated_at: savedAt,
        })
        .onConflict((oc) => oc.column('invitation_id').doUpdateSet({ values_json: JSON.stringify(values), page, updated_at: savedAt }))
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
      invitationId = target.create.invitationId;
    }
    if (invitationId !== null && !('draft' in target && target.started)) {
      await trx.executeQuery(markStartedQuery(db, invitationId));
    }
    return id;
  });
}

/** The wave whose open link has this token (by its hash; malformed tokens are not looked up), as respondent requests see it. */
export async function findWaveByOpenLink(db: Db, token: string): Promise<RespondentWave | undefined> {
  if (!isTokenShaped(token)) return undefined;
  return selectRespondentWave(db).where('open_link_hash', '=', hashToken(token)).executeTakeFirst();
}

/**
 * Delete open-link drafts (no invitation, not an edit) last saved before the day `savedBefore`, and
 * those still empty (never saved past "Beginnen") before the day `emptyBefore` (both YYYY-MM-DD;
 * updated_at is a day or an ISO time, and either sorts before a later day). Returns how many.
 */
export async function deleteStaleOpenDrafts(db: Db, savedBefore: string, emptyBefore: string): Promise<number> {
  const result = await db
    .deleteFrom('drafts')
    .where('invitation_id', 'is', null)
    .where('response_id', 'is', null)
    .where((eb) => eb.or([eb('updated_at', '<', savedBefore), eb.and([eb('values_json', '=', '{}'), eb('updated_at', '<', emptyBefore)])]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Delete every draft of the wave; returns how many. */
export async function deleteWaveDrafts(db: Db, waveId: string): Promise<number> {
  const result = await db.deleteFrom('drafts').where('wave_id', '=', waveId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
