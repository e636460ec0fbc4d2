import { type Db, transaction } from '../connection.js';
import type { User } from '../database.js';

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
  input: { email: string; name: string; passwordHash: string },
  now: Date,
): Promise<User> {
  return db
    .insertInto('users')
    .values({
      email: normalizeEmail(input.email),
      name: input.name.trim(),
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

/** Store a new (unconfirmed) TOTP secret, encrypted by the caller; not while two-factor login is on. */
export async function setPendingTotpSecret(db: Db, id: number, encryptedSecret: string): Promise<boolean> {
  const result = await db.updateTable('users').set({ totp_secret: encryptedSecret, totp_last_step: null }).where('id', '=', id).where('totp_enabled_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Two-factor login on: the pending secret is confirmed with the code of time step `step`. */
export async function enableTotp(db: Db, id: number, step: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_enabled_at: now.toISOString(), totp_last_step: step })
    .where('id', '=', id)
    .where('totp_enabled_at', 'is', null)
    .where('totp_secret', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Record that the code of time step `step` was used; false when that step or a later one was used
 * already (the same code twice, or a replay). One statement, so two requests cannot both win.
 */
export async function claimTotpStep(db: Db, id: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Two-factor login off: secret, step and recovery codes go. */
export async function clearTotp(db: Db, id: number): Promise<void> {
  await transaction(db, async (trx) => {
    await trx.updateTable('users').set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null }).where('id', '=', id).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
  });
}

/** Replace the account's recovery codes with these (hashed) ones. */
export async function replaceRecoveryCodes(db: Db, id: number, codeHashes: readonly string[]): Promise<void> {
  await transaction(db, async (trx) => {
    await trx.deleteFrom('recovery_codes').where('user_id', '=', id).execute();
    if (codeHashes.length > 0) await trx.insertInto('recovery_codes').values(codeHashes.map((code_hash) => ({ user_id: id, code_hash, used_at: null }))).execute();
  });
}

/** Use a recovery code once: true when an unused code with this hash existed (it is now used). */
export async function useRecoveryCode(db: Db, id: number, codeHash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now.toISOString() })
    .where('user_id', '=', id)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** How many unused recovery codes the account has left. */
export async function countRecoveryCodes(db: Db, id: number): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
