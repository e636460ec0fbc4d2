import { randomBytes } from 'node:crypto';
import type { Secrets } from '../../security/secrets.js';
import { hashToken, invitationToken, isTokenShaped } from '../../security/tokens.js';
import { readNow, type Db } from '../connection.js';
import type { Draft, Invitation } from '../database.js';
import { hasSnapshot, respondentWaveColumns, type RespondentWave } from './waves.js';

/** Create the invitation of a participant; returns it with its token. */
export async function createInvitation(
  db: Db,
  secrets: Secrets,
  waveId: string,
  participantId: number,
  now: Date,
): Promise<{ invitation: Invitation; token: string }> {
  const nonce = randomBytes(32).toString('base64url');
  const token = invitationToken(secrets, nonce);
  const invitation = await db
    .insertInto('invitations')
    .values({
      wave_id: waveId,
      participant_id: participantId,
      token_nonce: nonce,
      token_hash: hashToken(token),
      completed_at: null,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { invitation, token };
}

/** The invitation id of every participant of the wave. */
export async function invitationIdsByParticipant(db: Db, waveId: string): Promise<Map<number, number>> {
  const rows = await db.selectFrom('invitations').select(['id', 'participant_id']).where('wave_id', '=', waveId).execute();
  return new Map(rows.map((r) => [r.participant_id, r.id]));
}

/** What a respondent request with an invitation link needs, read in one query. */
export interface InvitationContext {
  invitation: RespondentInvitation;
  wave: RespondentWave;
  participant: { id: number; opted_out_at: string | null; eligible: 0 | 1 };
  /** The invitation's draft (at most one: drafts.invitation_id is unique). */
  draft: RespondentDraft | undefined;
}

// only the invitation and draft columns a respondent request uses (as respondentWaveColumns for the wave)
const respondentInvitationColumns = ['id', 'token_hash', 'status', 'responses_count'] as const satisfies ReadonlyArray<keyof Invitation>;
export type RespondentInvitation = Pick<Invitation, (typeof respondentInvitationColumns)[number]>;

const respondentDraftColumns = ['id', 'invitation_id', 'values_json', 'page', 'response_id'] as const satisfies ReadonlyArray<keyof Draft>;
export type RespondentDraft = Pick<Draft, (typeof respondentDraftColumns)[number]>;

// the row's names of each part's columns, made once (a name made per request is looked up slowly)
const prefixedNames = new WeakMap<readonly string[], { prefix: string; names: Array<[string, string]> }>();

function unprefixed(row: Record<string, unknown>, columns: readonly string[], prefix: string): Record<string, unknown> {
  let made = prefixedNames.get(columns);
  if (made?.prefix !== prefix) prefixedNames.set(columns, (made = { prefix, names: columns.map((c) => [prefix + c, c]) }));
  const names = made.names;
  const out: Record<string, unknown> = {};
  for (const [from, to] of names) out[to] = row[from];
  return out;
}

function invitationContextQuery(db: Db, tokenHash: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('waves as w', 'w.id', 'i.wave_id')
    .innerJoin('houses as h', 'h.id', 'w.house_id')
    .innerJoin('participants as p', 'p.id', 'i.participant_id')
    .leftJoin('drafts as d', 'd.invitation_id', 'i.id')
    .select(respondentInvitationColumns.map((c) => `i.${c} as i_${c}` as const))
    .select(respondentWaveColumns.map((c) => `w.${c} as w_${c}` as const))
    .select(hasSnapshot('w.questionnaire_json').as('w_has_snapshot'))
    .select('h.name as w_house')
    .select(['p.id as p_id', 'p.opted_out_at as p_opted_out_at', 'p.eligible as p_eligible'])
    .select(respondentDraftColumns.map((c) => `d.${c} as d_${c}` as const))
    .where('i.token_hash', '=', tokenHash);
}

// building and compiling this query through Kysely took ~80 µs, running it in SQLite ~4 µs: it is
// compiled once per database and run with each request's token hash as its only parameter
const contextQueries = new WeakMap<Db, ReturnType<ReturnType<typeof invitationContextQuery>['compile']>>();

/**
 * The invitation of a token with its wave's settings, its participant and its draft: one joined
 * query where a respondent request made four (each a round through Kysely and SQLite).
 */
export async function findInvitationContext(db: Db, token: string): Promise<InvitationContext | undefined> {
  if (!isTokenShaped(token)) return undefined;
  let compiled = contextQueries.get(db);
  if (!compiled) {
    compiled = invitationContextQuery(db, '').compile();
    if (compiled.parameters.length !== 1) throw new Error('the invitation context query should have one parameter');
    contextQueries.set(db, compiled);
  }
  const query = { ...compiled, parameters: [hashToken(token)] };
  const row = (readNow(db, query) ?? (await db.executeQuery(query)).rows)[0] as Record<string, unknown> | undefined;
  if (!row) return undefined;
  const invitation = unprefixed(row, respondentInvitationColumns, 'i_');
  const wave = unprefixed(row, respondentWaveColumns, 'w_');
  wave.has_snapshot = row.w_has_snapshot;
  wave.house = row.w_house;
  const draft = row.d_id === null ? undefined : unprefixed(row, respondentDraftColumns, 'd_');
  return {
    invitation: invitation as RespondentInvitation,
    wave: wave as InvitationContext['wave'],
    participant: { id: row.p_id, opted_out_at: row.p_opted_out_at, eligible: row.p_eligible } as InvitationContext['participant'],
    draft: draft as RespondentDraft | undefined,
  };
}
