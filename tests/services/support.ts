/** For the service tests: a context on a test app's database, and its audit log read back decoded. */
import type { SessionUser } from '../../server/db/database.js';
import type { Actor, Context } from '../../server/services/context.js';
import type { TestApp } from '../helpers/app.js';

/** The service context of the test app at its clock, acting as `actor` (the command line by default). */
export function contextOf(t: TestApp, actor: Actor = { system: 'cli' }): Context {
  return { db: t.app.db, now: t.app.now(), actor };
}

/** A user as a route's context carries it (not stored: for decisions that read only the role and address). */
export function userOf(role: SessionUser['role'], id = 1): SessionUser {
  return { id, email: `${role}${id}@example.test`, name: `Test ${role}`, role };
}

/** The audit log, oldest first, with its details decoded. */
export async function auditLog(t: TestApp): Promise<Array<{ actor: string; action: string; at: string; details: Record<string, unknown> }>> {
  const rows = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ actor: r.actor, action: r.action, at: r.at, details: JSON.parse(r.details) as Record<string, unknown> }));
}
