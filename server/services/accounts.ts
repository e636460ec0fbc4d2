/**
 * Accounts and sessions of the admin side: signing in and out, the one-time setup, the first
 * researcher from the environment, and the accounts page (create, block, unblock, new password).
 * Passwords are hashed here (server/security/passwords.ts); every change is audit-logged.
 */
import { transaction, type Db } from '../db/connection.js';
import type { Role, SessionUser, User } from '../db/database.js';
import { createSession, deleteExpiredSessions, deleteSession, findSession } from '../db/repositories/sessions.js';
import {
  countActiveResearchers,
  countUsers,
  createUser,
  findUser,
  findUserByEmail,
  listUsers,
  setUserDisabled,
  setUserPassword,
} from '../db/repositories/users.js';
import { accountNotFound, cannotBlockSelf, lastResearcher } from '../errors.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from '../security/passwords.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  /** In plain text; the caller has checked it with passwordProblem(). */
  password: string;
}

/** Whether any account exists (before the first one, the setup page is the way in). */
export async function hasAccounts(db: Db): Promise<boolean> {
  return (await countUsers(db)) > 0;
}

/** The signed-in user of a session cookie value and the session's CSRF token, when the session is valid. */
export async function sessionOf(db: Db, token: string, now: Date): Promise<{ user: SessionUser; csrfToken: string } | undefined> {
  return findSession(db, token, now);
}

/** Start a session for the user, ending `previous` (the request's former session) and every expired one; returns the cookie value. */
export async function startSession(db: Db, userId: number, now: Date, lifetimeMs: number, previous?: string): Promise<string> {
  if (previous) await deleteSession(db, previous);
  await deleteExpiredSessions(db, now);
  return (await createSession(db, userId, now, lifetimeMs)).token;
}

/** End the session of a cookie value. */
export async function endSession(db: Db, token: string): Promise<void> {
  await deleteSession(db, token);
}

/**
 * Check an address and password. A wrong one, an unknown address or a blocked account all give
 * undefined and are audit-logged under the address given; unknown addresses are checked against a
 * dummy hash, so the answer time does not reveal which accounts exist.
 */
export async function signIn(ctx: Omit<Context, 'actor'>, email: string, password: string): Promise<User | undefined> {
  const user = email ? await findUserByEmail(ctx.db, email) : undefined;
  const valid = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !valid || user.disabled === 1) {
    await audit({ ...ctx, actor: { claimed: email.slice(0, 200) || '(leeg)' } }, { action: 'login_failed' });
    return undefined;
  }
  await audit({ ...ctx, actor: { user } }, { action: 'login' });
  return user;
}

/**
 * The first researcher, through the setup page: checked and created in one transaction, so two
 * simultaneous set-ups cannot both succeed. Undefined when an account exists already.
 */
export async function setUp(ctx: Omit<Context, 'actor'>, input: Omit<NewAccount, 'role'>): Promise<User | undefined> {
  const passwordHash = await hashPassword(input.password);
  return transaction(ctx.db, async (trx) => {
    if ((await countUsers(trx)) > 0) return undefined;
    const user = await createUser(trx, { email: input.email, name: input.name, role: 'researcher', passwordHash }, ctx.now);
    await audit({ db: trx, now: ctx.now, actor: { user } }, { action: 'setup', details: { userId: user.id } });
    return user;
  });
}

/** The first researcher from ADMIN_EMAIL / ADMIN_PASSWORD, when there is no account yet; true when created. */
export async function ensureFirstResearcher(db: Db, admin: { email: string; password: string }, now: Date): Promise<boolean> {
  if (await hasAccounts(db)) return false;
  const passwordHash = await hashPassword(admin.password);
  await createUser(db, { email: admin.email, name: 'Beheerder', role: 'researcher', passwordHash }, now);
  return true;
}

/** Every account, by address. */
export async function listAccounts(db: Db): Promise<User[]> {
  return listUsers(db);
}

/** The account with this id, or 404. */
export async function findAccount(db: Db, id: number): Promise<User> {
  const user = await findUser(db, id);
  if (!user) throw accountNotFound();
  return user;
}

/** Create an account; `{ taken: true }` when the address has one already. */
export async function createAccount(ctx: Context, input: NewAccount): Promise<{ user: User } | { taken: true }> {
  if (await findUserByEmail(ctx.db, input.email)) return { taken: true };
  const passwordHash = await hashPassword(input.password);
  return transaction(ctx.db, async (trx) => {
    const user = await createUser(trx, { email: input.email, name: input.name, role: input.role, passwordHash }, ctx.now);
    await audit(within(ctx, trx), { action: 'user_created', details: { userId: user.id, role: user.role } });
    return { user };
  });
}

/** Block an account and end its sessions; never the actor's own, nor the last active researcher. */
export async function blockAccount(ctx: Context, user: User): Promise<void> {
  if ('user' in ctx.actor && ctx.actor.user.id === user.id) throw cannotBlockSelf();
  if (user.role === 'researcher' && user.disabled === 0 && (await countActiveResearchers(ctx.db)) <= 1) throw lastResearcher();
  await setUserDisabled(ctx.db, user.id, true);
  await audit(ctx, { action: 'user_disabled', details: { userId: user.id } });
}

/** Let a blocked account sign in again. */
export async function unblockAccount(ctx: Context, user: User): Promise<void> {
  await setUserDisabled(ctx.db, user.id, false);
  await audit(ctx, { action: 'user_enabled', details: { userId: user.id } });
}

/** Set a new password (checked by the caller with passwordProblem()) and end every session of the account. */
export async function setAccountPassword(ctx: Context, user: User, password: string): Promise<void> {
  await setUserPassword(ctx.db, user.id, await hashPassword(password));
  await audit(ctx, { action: 'user_password_set', details: { userId: user.id } });
}
