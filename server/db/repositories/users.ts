import { type Db, transaction } from '../connection.js';
import type { Role, User } from '../database.js';

/** E-mail addresses are compared case-insensitively: stored trimmed and lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Create an account; the password must already be hashed. */
export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; passwordHash: string },
  now: Date,
): Promise<User> {
  return db
    .insertInto('users')
    .values({
      email: normalizeEmail(input.email),
      name: input.name.trim(),
      role: input.role,
      password_hash: input.passwordHash,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findUser(db: Db, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<User[]> {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

/** Block or unblock an account; blocking also ends its sessions. */
export async function setUserDisabled(db: Db, id: number, disabled: boolean): Promise<void> {
  await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ disabled: disabled ? 1 : 0 }).where('id', '=', id).execute();
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
  });
}

/** Replace the password hash and end every session of the account. */
export async function setUserPassword(db: Db, id: number, passwordHash: string): Promise<void> {
  await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
  });
}

/** Number of researchers that can still sign in: the last one may not be blocked or demoted. */
export async function countActiveResearchers(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'researcher')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
