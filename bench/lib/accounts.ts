/**
 * Accounts the benchmarks sign in with: created directly in the database with their grants, signing
 * in with a password only (the bench servers run with TWO_FACTOR_EVALUATORS=optional, as a house may
 * choose; the second step is a login cost, not a page cost).
 */
import type { FastifyInstance } from 'fastify';
import type { Grant } from '../../server/db/database.js';
import { insertGrant } from '../../server/db/repositories/grants.js';
import { createUser } from '../../server/db/repositories/users.js';
import { hashPassword } from '../../server/security/passwords.js';

/** An account with `grants` (e.g. an evaluator of one house: `{ kind: 'evaluator', houseId }`). */
export async function createAccount(app: FastifyInstance, account: { email: string; password: string; name?: string }, grants: readonly Grant[]): Promise<void> {
  const user = await createUser(app.db, { email: account.email, name: account.name ?? 'Evaluator', passwordHash: await hashPassword(account.password) }, app.now());
  for (const grant of grants) await insertGrant(app.db, user.id, grant, app.now());
}
