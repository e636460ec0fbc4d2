/**
 * Who may do what: every authorization decision of the admin pages, the command line's lists and
 * their services is made here.
 *
 * A user holds grants (issue 14):
 * - landelijk onderzoeker (`national-researcher`): everything, including accounts, houses and the audit log;
 * - coördinator of a house (`coordinator`): researcher rights for that house's waves (waves,
 *   participants, mail, results, downloads) and inviting evaluators for that house;
 * - evaluator of a house (`evaluator`): results and downloads of that house, plus the benchmark
 *   aggregates (other houses only pooled, never one of them on its own);
 * - landelijk evaluator (`national-evaluator`): results and downloads of every house.
 *
 * Every admin route declares a scope (`config: { access: '<scope>' }`, see ROUTE_SCOPES); the auth
 * plugin refuses to register an admin route without one and applies authorizeRoute() to every
 * request. Lists filter with housesFor(); an object outside a user's grants answers 404.
 */
import type { Db } from '../db/connection.js';
import type { Grant, SessionUser, Wave } from '../db/database.js';
import { grantsOf } from '../db/repositories/grants.js';
import { findOutboxMessage } from '../db/repositories/outbox.js';
import type { HouseFilter } from '../db/repositories/waves.js';
import { findWave } from '../db/repositories/waves.js';
import type { Actor } from './context.js';

/** What a grant allows, per house. */
export type Capability =
  /** Waves, their participants, mail and outbox. */
  | 'manageWaves'
  /** Results, response rates and downloads (raw data included). */
  | 'readResults'
  /** Hide, redact and code open answers before evaluators read them (researcher rights). */
  | 'editOpenAnswers'
  /** Accounts with an evaluator grant on the house: invite, and take the grant away. */
  | 'manageEvaluators'
  /** Every account and grant (national only). */
  | 'manageAccounts'
  /** Houses: create, change, merge (national only). */
  | 'manageHouses'
  /** The audit log (national only). */
  | 'readAudit'
  /** Add versions to the questionnaire store, which every house shares (national only). */
  | 'addQuestionnaireVersions'
  /** National rounds: create them and see their overview across houses (national only). */
  | 'manageRounds';

const NATIONAL_ONLY: ReadonlySet<Capability> = new Set(['manageAccounts', 'manageHouses', 'readAudit', 'addQuestionnaireVersions', 'manageRounds']);

/** The capabilities of one grant; `houseId` is undefined for a national grant (every house). */
function grantAllows(grant: Grant, capability: Capability): boolean {
  switch (grant.kind) {
    case 'national-researcher':
      return true;
    case 'national-evaluator':
      return capability === 'readResults';
    case 'coordinator':
      return capability === 'manageWaves' || capability === 'readResults' || capability === 'editOpenAnswers' || capability === 'manageEvaluators';
    case 'evaluator':
      return capability === 'readResults';
  }
}

/** The houses on which `user` has `capability`: 'all', or the ids of the houses (possibly none). */
export function housesFor(user: Pick<SessionUser, 'grants'>, capability: Capability): HouseFilter {
  const ids = new Set<number>();
  for (const grant of user.grants) {
    if (!grantAllows(grant, capability)) continue;
    if (!('houseId' in grant)) return 'all';
    if (!NATIONAL_ONLY.has(capability)) ids.add(grant.houseId);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Whether `user` has `capability` on the house (or, without a house, on at least one house). */
export function can(user: Pick<SessionUser, 'grants'>, capability: Capability, houseId?: number): boolean {
  const houses = housesFor(user, capability);
  if (houses === 'all') return true;
  return houseId === undefined ? houses.length > 0 : houses.includes(houseId);
}

/** Whether the filter admits the house. */
export function admits(houses: HouseFilter, houseId: number): boolean {
  return houses === 'all' || houses.includes(houseId);
}

/** Create and change waves, their participants, mail and outbox (of some house). */
export function canManageWaves(user: SessionUser): boolean {
  return can(user, 'manageWaves');
}

/**
 * Add questionnaire versions (browser or editor's live check): only a landelijk onderzoeker, because
 * a version is shared by every house (a copied wave is offered the latest comparable one). A
 * coördinator sees, previews, prints and compares every version and makes review links.
 */
export function canAddQuestionnaireVersions(user: Pick<SessionUser, 'grants'>): boolean {
  return can(user, 'addQuestionnaireVersions');
}

/**
 * Whether `actor` sees and withdraws every review link (a landelijk onderzoeker, the command line),
 * or only the links it made itself (a coördinator: another house's links name its steering group).
 */
export function seesEveryReviewLink(actor: Actor): boolean {
  return 'user' in actor ? canAddQuestionnaireVersions(actor.user) : true;
}

/** The part of a wave that access depends on: its house. */
export type WaveScope = Pick<Wave, 'house_id'>;

/** Read the results and response rates of `wave` (or, without a wave, of some house). */
export function canReadResults(user: Pick<SessionUser, 'grants'>, wave?: WaveScope): boolean {
  return can(user, 'readResults', wave?.house_id);
}

/**
 * Whether `user` sees other houses in a comparison one by one (per-house figures), or only pooled
 * into the benchmark: only who may read every house's results sees them one by one.
 */
export function seesEveryHouse(user: Pick<SessionUser, 'grants'>): boolean {
  return housesFor(user, 'readResults') === 'all';
}

/** Whether these grants need two-factor login: every grant that sees participant lists or raw data (evaluators only when `evaluators` is 'required'). */
export function twoFactorRequired(grants: readonly Grant[], evaluators: 'required' | 'optional'): boolean {
  return grants.some((g) => g.kind === 'national-researcher' || g.kind === 'coordinator' || evaluators === 'required');
}

/**
 * Whether an actor may read the results of `wave` where a use case runs for whoever asks (the
 * workbook's summary compares with the waves its reader may read): a signed-in user by their rights;
 * the command line reads every wave, as it runs with the database's own rights.
 */
export function canActorReadResults(actor: Actor, wave: WaveScope): boolean {
  if ('user' in actor) return canReadResults(actor.user, wave);
  return 'system' in actor && actor.system === 'cli';
}

/**
 * Whether an actor sees other houses one by one in a comparison (seesEveryHouse), or only pooled
 * into the benchmark; the command line sees every house, like every wave.
 */
export function actorSeesEveryHouse(actor: Actor): boolean {
  if ('user' in actor) return seesEveryHouse(actor.user);
  return 'system' in actor && actor.system === 'cli';
}

/**
 * Hide or redact open answers of `wave` and code them (categories), or (without a wave) on some
 * house: the researcher's work before evaluators read them, for a coördinator of the wave's house
 * and a landelijk onderzoeker.
 */
export function canEditOpenAnswers(user: Pick<SessionUser, 'grants'>, wave?: WaveScope): boolean {
  return can(user, 'editOpenAnswers', wave?.house_id);
}

/** Where a user lands after signing in: the first page they may use. */
export function homePath(user: SessionUser): string {
  if (canManageWaves(user)) return '/admin/waves';
  if (canReadResults(user)) return '/admin/results';
  return '/admin/account';
}

/** How the pages name a grant. */
export function grantLabel(grant: Grant, houseName?: (id: number) => string): string {
  const house = 'houseId' in grant ? (houseName?.(grant.houseId) ?? `huis ${grant.houseId}`) : '';
  switch (grant.kind) {
    case 'national-researcher':
      return 'landelijk onderzoeker';
    case 'national-evaluator':
      return 'landelijk evaluator';
    case 'coordinator':
      return `coördinator ${house}`;
    case 'evaluator':
      return `evaluator ${house}`;
  }
}

/**
 * The scopes an admin route can declare (`config: { access: '<scope>' }`). `need` is the capability
 * (null: no grant needed), `object` the route parameter's kind whose house is checked.
 * - `public`: no session (login, setup, logout and the login steps, which check their own stage);
 * - `signedIn`: any signed-in user (their own account, sessions, password, two-factor login);
 * - the others: the capability on some house, and for an object route on the object's house.
 */
export const ROUTE_SCOPES = {
  public: { need: null, object: null },
  signedIn: { need: null, object: null },
  manageWaves: { need: 'manageWaves', object: null },
  manageWave: { need: 'manageWaves', object: 'wave' },
  manageOutboxMessage: { need: 'manageWaves', object: 'outbox' },
  readResults: { need: 'readResults', object: null },
  readWave: { need: 'readResults', object: 'wave' },
  editOpenAnswers: { need: 'editOpenAnswers', object: 'wave' },
  manageEvaluators: { need: 'manageEvaluators', object: null },
  manageAccount: { need: 'manageEvaluators', object: 'account' },
  manageAccounts: { need: 'manageAccounts', object: null },
  manageHouses: { need: 'manageHouses', object: null },
  readAudit: { need: 'readAudit', object: null },
  addQuestionnaireVersions: { need: 'addQuestionnaireVersions', object: null },
  manageRounds: { need: 'manageRounds', object: null },
} as const satisfies Record<string, { need: Capability | null; object: 'wave' | 'outbox' | 'account' | null }>;

export type RouteScope = keyof typeof ROUTE_SCOPES;

/** Whether a value is a scope name (the auth plugin checks every admin route's declaration). */
export function isRouteScope(value: unknown): value is RouteScope {
  return typeof value === 'string' && Object.hasOwn(ROUTE_SCOPES, value);
}

/** What a request may: go on, refused as a page (403: the user's grants never allow this kind of page), or not found (404: an object outside them, or none). */
export type RouteDecision = 'allow' | 'forbidden' | 'notFound';

/**
 * The decision for a signed-in user on a route of `scope` with these route parameters. The object's
 * house is looked up here (a wave by `:id` or `:waveId`, an outbox message by `:id`, an account by
 * `:uid`), so a route handler never sees an object outside the user's grants.
 */
export async function authorizeRoute(db: Db, user: SessionUser, scope: RouteScope, params: Record<string, string>): Promise<RouteDecision> {
  const { need, object } = ROUTE_SCOPES[scope];
  if (need === null) return 'allow';
  if (!can(user, need)) return 'forbidden';
  if (object === null) return 'allow';
  const houses = housesFor(user, need);
  switch (object) {
    case 'wave': {
      const id = params.waveId ?? params.id;
      const wave = id ? await findWave(db, id) : undefined;
      return wave && admits(houses, wave.house_id) ? 'allow' : 'notFound';
    }
    case 'outbox': {
      const id = Number(params.id);
      const message = Number.isSafeInteger(id) ? await findOutboxMessage(db, id) : undefined;
      if (!message) return 'notFound';
      if (houses === 'all') return 'allow';
      // a message without a wave (its job gone) belongs to no house: only national researchers see it
      const wave = message.wave_id ? await findWave(db, message.wave_id) : undefined;
      return wave && admits(houses, wave.house_id) ? 'allow' : 'notFound';
    }
    case 'account':
      return (await accountVisible(db, user, Number(params.uid))) ? 'allow' : 'notFound';
  }
}

/**
 * Whether `user` may see and manage the account `accountId`: national researchers every account,
 * a coordinator the accounts holding an evaluator grant on a house they coordinate (never their own).
 */
export async function accountVisible(db: Db, user: SessionUser, accountId: number): Promise<boolean> {
  if (!Number.isSafeInteger(accountId)) return false;
  if (can(user, 'manageAccounts')) return true;
  if (accountId === user.id) return false;
  const houses = housesFor(user, 'manageEvaluators');
  const grants = await grantsOf(db, accountId);
  return grants.some((g) => g.kind === 'evaluator' && admits(houses, g.houseId));
}

const GRANT_KINDS = ['national-researcher', 'national-evaluator', 'coordinator', 'evaluator'] as const;

/** A grant from its kind and (for a house grant) the house id; null when they do not fit together. */
export function grantFrom(kind: string, houseId?: number | null): Grant | null {
  if (!(GRANT_KINDS as readonly string[]).includes(kind)) return null;
  if (kind === 'coordinator' || kind === 'evaluator') {
    return houseId !== undefined && houseId !== null && Number.isSafeInteger(houseId) && houseId > 0 ? { kind, houseId } : null;
  }
  return houseId === undefined || houseId === null ? { kind: kind as 'national-researcher' | 'national-evaluator' } : null;
}

/** A grant as the command line spells it: national-researcher, national-evaluator, coordinator:<house id>, evaluator:<house id>. */
export function grantSpelling(grant: Grant): string {
  return 'houseId' in grant ? `${grant.kind}:${grant.houseId}` : grant.kind;
}

/** The grant kinds `user` may give (on the houses where they may): all for national researchers, evaluator for coordinators. */
export function grantableKinds(user: SessionUser): Grant['kind'][] {
  if (can(user, 'manageAccounts')) return [...GRANT_KINDS];
  return can(user, 'manageEvaluators') ? ['evaluator'] : [];
}
