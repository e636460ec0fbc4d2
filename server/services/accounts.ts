/**
 * Accounts and sessions of the admin side: signing in (with the login limit and the second factor),
 * sessions, the one-time setup, the first researcher from the environment, and the accounts page
 * (create, grants, block, unblock, new password). Passwords are hashed here
 * (server/security/passwords.ts); every change is audit-logged; who may change which account is
 * decided in access.ts.
 */
import { transaction, type Db } from '../db/connection.js';
import type { Grant, SessionStage, SessionUser, User } from '../db/database.js';
import { countActiveWithGrant, deleteGrant, grantsByUser, grantsOf, insertGrant, userIdsWithHouseGrants } from '../db/repositories/grants.js';
import { findHouse } from '../db/repositories/houses.js';
import { clearLoginFailures, insertLoginFailure, loginFailureTimes, pruneLoginFailures } from '../db/repositories/loginFailures.js';
import {
  createSession,
  deleteExpiredSessions,
  deleteSession,
  deleteUserSessions,
  findSession,
  listSessions,
  touchSession,
  type FoundSession,
  type SessionOrigin,
} from '../db/repositories/sessions.js';
import { countUsers, createUser, findUser, findUserByEmail, listUsers, normalizeEmail, setUserDisabled, setUserPassword } from '../db/repositories/users.js';
import { accountNotFound, cannotBlockSelf, ConfigError, grantNotAllowed, houseNotFound, lastResearcher, wrongPassword } from '../errors.js';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../security/passwords.js';
import { accountVisible, admits, can, housesFor, twoFactorRequired } from './access.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';

export interface NewAccount {
  email: string;
  name: string;
  grants: Grant[];
  /** In plain text; the caller has checked it with passwordProblem(). */
  password: string;
}

/** Failed attempts (password or code) allowed per window, per account address and per client address. */
export const LOGIN_LIMIT = { perAccount: 10, perAddress: 50, windowMs: 15 * 60_000 };
/** A session waiting for the second factor (or for enrolment) lasts this long. */
export const PENDING_SESSION_MS = 15 * 60_000;
/** How often a session's "last used" is written (not on every request). */
const TOUCH_INTERVAL_MS = 60_000;

/** Whether any account exists (before the first one, the setup page is the way in). */
export async function hasAccounts(db: Db): Promise<boolean> {
  return (await countUsers(db)) > 0;
}

/** The session of a cookie value (its user with their grants, its stage and CSRF token), when valid; notes that it was used. */
export async function sessionOf(db: Db, token: string, now: Date): Promise<FoundSession | undefined> {
  const session = await findSession(db, token, now);
  if (session && (!session.lastSeenAt || now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS)) await touchSession(db, token, now);
  return session;
}

/** Start a session at `stage` for the user, ending `previous` (the request's former session) and every expired one; returns the cookie value and the session's CSRF token. */
export async function startSession(
  db: Db,
  userId: number,
  now: Date,
  options: { lifetimeMs: number; stage: SessionStage; origin: SessionOrigin; previous?: string },
): Promise<{ token: string; csrfToken: string }> {
  if (options.previous) await deleteSession(db, options.previous);
  await deleteExpiredSessions(db, now);
  const lifetimeMs = options.stage === 'full' ? options.lifetimeMs : Math.min(options.lifetimeMs, PENDING_SESSION_MS);
  return createSession(db, userId, now, lifetimeMs, { stage: options.stage, origin: options.origin });
}

/** End the session of a cookie value. */
export async function endSession(db: Db, token: string): Promise<void> {
  await deleteSession(db, token);
}

/** The user's sessions (the one of `current` marked), the latest used first. */
export async function mySessions(db: Db, user: SessionUser, now: Date, current?: string) {
  return listSessions(db, user.id, now, current);
}

/** "Overal uitloggen": end every session of the signed-in user, this one too; audit-logged. */
export async function endAllSessions(ctx: Context, user: SessionUser): Promise<number> {
  return transaction(ctx.db, async (trx) => {
    const ended = await deleteUserSessions(trx, user.id);
    await audit(within(ctx, trx), { action: 'logout_everywhere', details: { userId: user.id, sessions: ended } });
    return ended;
  });
}

export type SignInOutcome =
  | { ok: true; user: User; grants: Grant[]; next: SessionStage }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; until: Date };

/** When the attempts of an account address or a client address are over the limit: the moment they may try again; otherwise null. */
export async function lockedUntil(db: Db, email: string, address: string, now: Date): Promise<Date | null> {
  const since = new Date(now.getTime() - LOGIN_LIMIT.windowMs);
  let until: Date | null = null;
  for (const [by, max] of [
    [{ email: normalizeEmail(email) }, LOGIN_LIMIT.perAccount],
    [{ address }, LOGIN_LIMIT.perAddress],
  ] as const) {
    const times = await loginFailureTimes(db, by, since);
    // the limit lifts when the oldest failures that keep it reached leave the window
    if (times.length >= max) {
      const lifts = new Date(Date.parse(times[times.length - max]!) + LOGIN_LIMIT.windowMs);
      if (!until || lifts > until) until = lifts;
    }
  }
  return until;
}

/** Count a failed attempt (password or code) against the account address and the client address. */
export async function recordLoginFailure(db: Db, email: string, address: string, now: Date): Promise<void> {
  await pruneLoginFailures(db, new Date(now.getTime() - LOGIN_LIMIT.windowMs));
  await insertLoginFailure(db, normalizeEmail(email).slice(0, 200), address, now);
}

/**
 * Check an address and password, within the login limit (failed attempts only: a successful login
 * never counts, and clears the account's failures). A wrong password, an unknown address or a blocked
 * account all give 'wrong' and are audit-logged under the address given; unknown addresses are
 * checked against a dummy hash, so the answer time does not reveal which accounts exist. `next` is
 * the session's stage: the second factor, enrolment (required but not set up) or signed in.
 */
export async function signIn(
  ctx: Omit<Context, 'actor'>,
  input: { email: string; password: string; address: string; twoFactorEvaluators: 'required' | 'optional' },
): Promise<SignInOutcome> {
  const claimed = { ...ctx, actor: { claimed: input.email.slice(0, 200) || '(leeg)' } };
  const until = await lockedUntil(ctx.db, input.email, input.address, ctx.now);
  if (until) {
    await audit(claimed, { action: 'login_failed', details: { reason: 'locked', address: input.address } });
    return { ok: false, reason: 'locked', until };
  }
  const user = input.email ? await findUserByEmail(ctx.db, input.email) : undefined;
  const valid = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid || user.disabled === 1) {
    await recordLoginFailure(ctx.db, input.email, input.address, ctx.now);
    await audit(claimed, { action: 'login_failed', details: { reason: 'password', address: input.address } });
    return { ok: false, reason: 'wrong' };
  }
  const grants = await grantsOf(ctx.db, user.id);
  const next: SessionStage = user.totp_enabled_at ? 'code' : twoFactorRequired(grants, input.twoFactorEvaluators) ? 'enrol' : 'full';
  if (next === 'full') await completeSignIn({ ...ctx, actor: { user: sessionUserOf(user, grants) } }, input.address);
  return { ok: true, user, grants, next };
}

/** The password (and second factor, when asked) are right: the account's failures are forgotten and the login audit-logged. */
export async function completeSignIn(ctx: Context, address: string, method?: 'code' | 'recovery-code'): Promise<void> {
  if (!('user' in ctx.actor)) throw new Error('completeSignIn needs a user');
  await clearLoginFailures(ctx.db, ctx.actor.user.email);
  await audit(ctx, { action: 'login', details: { address, ...(method ? { secondFactor: method } : {}) } });
}

/** A stored account as the signed-in user of a context. */
export function sessionUserOf(user: Pick<User, 'id' | 'email' | 'name' | 'totp_enabled_at'>, grants: Grant[]): SessionUser {
  return { id: user.id, email: user.email, name: user.name, grants, twoFactor: user.totp_enabled_at !== null };
}

/** The account of a user id as a context's user, or undefined when gone or blocked. */
export async function activeSessionUser(db: Db, userId: number): Promise<SessionUser | undefined> {
  const user = await findUser(db, userId);
  if (!user || user.disabled === 1) return undefined;
  return sessionUserOf(user, await grantsOf(db, user.id));
}

/**
 * The first landelijk onderzoeker, through the setup page: checked and created in one transaction,
 * so two simultaneous set-ups cannot both succeed. Undefined when an account exists already.
 */
export async function setUp(ctx: Omit<Context, 'actor'>, input: Omit<NewAccount, 'grants'>): Promise<User | undefined> {
  const passwordHash = await hashPassword(input.password);
  return transaction(ctx.db, async (trx) => {
    if ((await countUsers(trx)) > 0) return undefined;
    const user = await createUser(trx, { email: input.email, name: input.name, passwordHash }, ctx.now);
    await insertGrant(trx, user.id, { kind: 'national-researcher' }, ctx.now);
    await audit({ db: trx, now: ctx.now, actor: { user: sessionUserOf(user, [{ kind: 'national-researcher' }]) } }, { action: 'setup', details: { userId: user.id } });
    return user;
  });
}

/**
 * The first landelijk onderzoeker from ADMIN_EMAIL / ADMIN_PASSWORD, when there is no account yet;
 * true when created. A password the policy refuses stops the start (ConfigError), as any bad setting does.
 */
export async function ensureFirstResearcher(db: Db, admin: { email: string; password: string }, now: Date): Promise<boolean> {
  if (await hasAccounts(db)) return false;
  const problem = passwordProblem(admin.password);
  if (problem) throw new ConfigError(`Invalid configuration:\n  ADMIN_PASSWORD: ${problem}`);
  const passwordHash = await hashPassword(admin.password);
  await transaction(db, async (trx) => {
    const user = await createUser(trx, { email: admin.email, name: 'Beheerder', passwordHash }, now);
    await insertGrant(trx, user.id, { kind: 'national-researcher' }, now);
  });
  return true;
}

export type AccountView = User & { grants: Grant[] };

/**
 * The accounts `user` may manage, by address, each with the grants `user` may see: every account
 * and grant for national researchers; for a coordinator the accounts with an evaluator grant on a
 * house they coordinate, showing only the grants on those houses.
 */
export async function listAccounts(db: Db, user: SessionUser): Promise<AccountView[]> {
  if (can(user, 'manageAccounts')) {
    const grants = await grantsByUser(db);
    return (await listUsers(db)).map((u) => ({ ...u, grants: grants.get(u.id) ?? [] }));
  }
  const houses = housesFor(user, 'manageEvaluators');
  if (houses === 'all' || houses.length === 0) return [];
  const ids = new Set(await userIdsWithHouseGrants(db, houses, ['evaluator']));
  ids.delete(user.id);
  const grants = await grantsByUser(db, [...ids]);
  return (await listUsers(db))
    .filter((u) => ids.has(u.id))
    .map((u) => ({ ...u, grants: (grants.get(u.id) ?? []).filter((g) => 'houseId' in g && admits(houses, g.houseId)) }));
}

/** Every account with all its grants (for `users list` and `users grants`). */
export async function allAccounts(db: Db): Promise<AccountView[]> {
  const grants = await grantsByUser(db);
  return (await listUsers(db)).map((u) => ({ ...u, grants: grants.get(u.id) ?? [] }));
}

/** The account with this id when `user` may manage it (see access.accountVisible), or 404. */
export async function findAccount(db: Db, user: SessionUser | null, id: number): Promise<User> {
  const account = Number.isSafeInteger(id) ? await findUser(db, id) : undefined;
  if (!account || (user && !(await accountVisible(db, user, id)))) throw accountNotFound();
  return account;
}

/** The grants of an account. */
export async function accountGrants(db: Db, id: number): Promise<Grant[]> {
  return grantsOf(db, id);
}

/** The account with this address and its grants, or 404. */
export async function accountByEmail(db: Db, email: string): Promise<AccountView> {
  const account = await findUserByEmail(db, email);
  if (!account) throw accountNotFound();
  return { ...account, grants: await grantsOf(db, account.id) };
}

/** Whether the acting user may give or take `grant` (the command line may all). */
function mayChangeGrant(ctx: Context, grant: Grant): boolean {
  if (!('user' in ctx.actor)) return true;
  const user = ctx.actor.user;
  if (can(user, 'manageAccounts')) return true;
  return grant.kind === 'evaluator' && can(user, 'manageEvaluators', grant.houseId);
}

async function checkGrant(ctx: Context, grant: Grant): Promise<void> {
  if (!mayChangeGrant(ctx, grant)) throw grantNotAllowed();
  if ('houseId' in grant && !(await findHouse(ctx.db, grant.houseId))) throw houseNotFound();
}

/** Create an account with its grants; `{ taken: true }` when the address has one already. */
export async function createAccount(ctx: Context, input: NewAccount): Promise<{ user: User } | { taken: true }> {
  for (const grant of input.grants) await checkGrant(ctx, grant);
  if (await findUserByEmail(ctx.db, input.email)) return { taken: true };
  return createHashedAccount(ctx, { ...input, passwordHash: await hashPassword(input.password) });
}

/**
 * createAccount with the password hashed already: a caller creating many accounts in one transaction
 * (a national round) hashes first, so the write lock is not held while scrypt runs.
 */
export async function createHashedAccount(ctx: Context, input: Omit<NewAccount, 'password'> & { passwordHash: string }): Promise<{ user: User } | { taken: true }> {
  for (const grant of input.grants) await checkGrant(ctx, grant);
  return transaction(ctx.db, async (trx) => {
    if (await findUserByEmail(trx, input.email)) return { taken: true };
    const user = await createUser(trx, { email: input.email, name: input.name, passwordHash: input.passwordHash }, ctx.now);
    await audit(within(ctx, trx), { action: 'user_created', details: { userId: user.id, email: user.email } });
    for (const grant of input.grants) await giveGrant(within(ctx, trx), user, grant);
    return { user };
  });
}

async function giveGrant(ctx: Context, user: Pick<User, 'id' | 'email'>, grant: Grant): Promise<boolean> {
  const added = await insertGrant(ctx.db, user.id, grant, ctx.now);
  if (added) await audit(ctx, { action: 'grant_added', houseId: 'houseId' in grant ? grant.houseId : undefined, details: { userId: user.id, email: user.email, grant } });
  return added;
}

/** Give an account a grant; false when it held it already. Audit-logged. */
export async function addGrant(ctx: Context, user: Pick<User, 'id' | 'email'>, grant: Grant): Promise<boolean> {
  await checkGrant(ctx, grant);
  return transaction(ctx.db, (trx) => giveGrant(within(ctx, trx), user, grant));
}

/**
 * Take a grant away and end the account's sessions (what they could see has changed: a session must
 * not keep it). Never the last active landelijk onderzoeker's national grant. Audit-logged.
 */
export async function removeGrant(ctx: Context, user: Pick<User, 'id' | 'email' | 'disabled'>, grant: Grant): Promise<boolean> {
  await checkGrant(ctx, grant);
  return transaction(ctx.db, async (trx) => {
    if (grant.kind === 'national-researcher' && user.disabled === 0 && (await countActiveWithGrant(trx, 'national-researcher')) <= 1) {
      const held = (await grantsOf(trx, user.id)).some((g) => g.kind === 'national-researcher');
      if (held) throw lastResearcher();
    }
    const removed = await deleteGrant(trx, user.id, grant);
    if (!removed) return false;
    const sessions = await deleteUserSessions(trx, user.id);
    await audit(within(ctx, trx), { action: 'grant_removed', houseId: 'houseId' in grant ? grant.houseId : undefined, details: { userId: user.id, email: user.email, grant, sessionsEnded: sessions } });
    return true;
  });
}

/** Block an account and end its sessions; never the actor's own, nor the last active landelijk onderzoeker. */
export async function blockAccount(ctx: Context, user: User): Promise<void> {
  if ('user' in ctx.actor && ctx.actor.user.id === user.id) throw cannotBlockSelf();
  await transaction(ctx.db, async (trx) => {
    const national = (await grantsOf(trx, user.id)).some((g) => g.kind === 'national-researcher');
    if (national && user.disabled === 0 && (await countActiveWithGrant(trx, 'national-researcher')) <= 1) throw lastResearcher();
    await setUserDisabled(trx, user.id, true);
    await audit(within(ctx, trx), { action: 'user_disabled', details: { userId: user.id, email: user.email } });
  });
}

/** Let a blocked account sign in again. */
export async function unblockAccount(ctx: Context, user: User): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    await setUserDisabled(trx, user.id, false);
    await audit(within(ctx, trx), { action: 'user_enabled', details: { userId: user.id, email: user.email } });
  });
}

/** Set a new password (checked by the caller with passwordProblem()) and end every session of the account. */
export async function setAccountPassword(ctx: Context, user: User, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await transaction(ctx.db, async (trx) => {
    await setUserPassword(trx, user.id, hash);
    await audit(within(ctx, trx), { action: 'user_password_set', details: { userId: user.id, email: user.email } });
  });
}

/**
 * A signed-in user changes their own password: the current one must be right; every session of the
 * account ends (the route starts a new one for the browser that changed it). Audit-logged.
 */
export async function changeOwnPassword(ctx: Context, user: SessionUser, current: string, next: string): Promise<void> {
  const account = await findUser(ctx.db, user.id);
  if (!account || !(await verifyPassword(current, account.password_hash))) throw wrongPassword();
  const hash = await hashPassword(next);
  await transaction(ctx.db, async (trx) => {
    await setUserPassword(trx, user.id, hash);
    await audit(within(ctx, trx), { action: 'password_changed', details: { userId: user.id } });
  });
}
