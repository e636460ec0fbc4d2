/** For the service tests: a context on a test app's database, and its audit log read back decoded. */
import type { Grant, SessionUser } from '../../server/db/database.js';
import type { Actor, Context } from '../../server/services/context.js';
import type { TestApp } from '../helpers/app.js';

/** The service context of the test app at its clock, acting as `actor` (the command line by default). */
export function contextOf(t: TestApp, actor: Actor = { system: 'cli' }): Context {
  return { db: t.app.db, now: t.app.now(), actor };
}

/** A user as a route's context carries it (not stored: for decisions that read only the grants and address); the national roles by their old names, or grants. */
export function userOf(who: 'researcher' | 'evaluator' | Grant[], id = 1): SessionUser {
  const label = typeof who === 'string' ? who : who.map((g) => g.kind).join('-');
  const grants: Grant[] = who === 'researcher' ? [{ kind: 'national-researcher' }] : who === 'evaluator' ? [{ kind: 'national-evaluator' }] : who;
  return { id, email: `${label}${id}@example.test`, name: `Test ${label}`, grants, twoFactor: true };
}

/** The audit log, oldest first, with its details decoded. */
export async function auditLog(t: TestApp): Promise<Array<{ actor: string; action: string; at: string; details: Record<string, unknown> }>> {
  const rows = await t.app.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ actor: r.actor, action: r.action, at: r.at, details: JSON.parse(r.details) as Record<string, unknown> }));
}
