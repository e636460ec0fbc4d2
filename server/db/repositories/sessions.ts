import { hashToken, isTokenShaped, randomToken } from '../../security/tokens.js';
import type { Db } from '../connection.js';
import type { SessionUser } from '../database.js';

/** Create a session; returns the cookie value (only its sha256 is stored) and the session's CSRF token. */
export async function createSession(
  db: Db,
  userId: number,
  now: Date,
  lifetimeMs: number,
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
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The unexpired session of a cookie value with its (not blocked) user, or undefined. */
export async function findSession(
  db: Db,
  token: string,
  now: Date,
): Promise<{ user: SessionUser; csrfToken: string; expiresAt: string } | undefined> {
  if (!isTokenShaped(token)) return undefined;
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'users.role', 'sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.id_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', now.toISOString())
    .where('users.disabled', '=', 0)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    user: { id: row.id, email: row.email, name: row.name, role: row.role },
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

/** End a session (logout). */
export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', hashToken(token)).execute();
}

/** Remove expired sessions; called at login so the table does not grow forever. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString()).execute();
}
