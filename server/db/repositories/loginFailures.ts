/** Failed login attempts (wrong password or code), per account address and client address, for the login limit. */
import type { Db } from '../connection.js';

/** Record one failure. */
export async function insertLoginFailure(db: Db, email: string, address: string, now: Date): Promise<void> {
  await db.insertInto('login_failures').values({ at: now.toISOString(), email, address }).execute();
}

/** The times (ISO, ascending) of the failures after `since` for an account address or a client address; at most `limit`, the latest. */
export async function loginFailureTimes(db: Db, by: { email: string } | { address: string }, since: Date, limit = 500): Promise<string[]> {
  let query = db.selectFrom('login_failures').select('at').where('at', '>', since.toISOString());
  query = 'email' in by ? query.where('email', '=', by.email) : query.where('address', '=', by.address);
  const rows = await query.orderBy('at', 'desc').limit(limit).execute();
  return rows.map((r) => r.at).reverse();
}

/** Forget an account's failures (after a successful login). */
export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email).execute();
}

/** Forget failures older than `before`. */
export async function pruneLoginFailures(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('login_failures').where('at', '<=', before.toISOString()).execute();
}
