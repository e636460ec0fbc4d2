import { hashToken, isTokenShaped, randomToken } from '../../security/tokens.js';
import type { Db } from '../connection.js';
import type { SessionStage, SessionUser } from '../database.js';
import { grantsOf } from './grants.js';

export interface SessionOrigin {
  address: string | null;
  userAgent: string | null;
}

/** Create a session; returns the cookie value (only its sha256 is stored) and the session's CSRF token. */
export async function createSession(
  db: Db,
  userId: number,
  now: Date,
  lifetimeMs: number,
  options: { stage: SessionStage; origin: SessionOrigin },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      stage: options.stage,
      address: options.origin.address?.slice(0, 100) ?? null,
      user_agent: options.origin.userAgent?.slice(0, 300) ?? null,
      last_seen_at: now.toISOString(),
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface FoundSession {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  stage: SessionStage;
  lastSeenAt: string | null;
}

/** The unexpired session of a cookie value with its (not blocked) user and the user's grants, or undefined. */
export async function findSession(db: Db, token: string, now: Date): Promise<FoundSession | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.totp_enabled_at',
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.stage',
      'sessions.last_seen_at',
    ])
    .where('sessions.id_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', now.toISOString())
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    user: { id: row.id, email: row.email, name: row.name, grants: await grantsOf(db, row.id), twoFactor: row.totp_enabled_at !== null },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    stage: row.stage,
    lastSeenAt: row.last_seen_at,
  };
}

/** Note that a session was used now. */
export async function touchSession(db: Db, token: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', hashToken(token)).execute();
}

/** The unexpired sessions of an account, the latest used first; `current` marks the one of this cookie value. */
export async function listSessions(db: Db, userId: number, now: Date, current?: string) {
  const currentHash = current ? hashToken(current) : null;
  const rows = await db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'expires_at', 'last_seen_at', 'address', 'user_agent', 'stage'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(({ id_hash, ...rest }) => ({ ...rest, current: id_hash === currentHash }));
}

/** End a session (logout). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute();
}

/** End every session of an account; returns how many there were. */
export async function deleteUserSessions(db: Db, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Remove expired sessions; called at login so the table does not grow forever. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
}
