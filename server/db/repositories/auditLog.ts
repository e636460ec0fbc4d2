/** The audit log: who did what, when. Written only through services/audit.ts. */
import type { Db } from '../connection.js';

export interface AuditRow {
  at: Date;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** Append one entry. */
export async function insertAuditEntry(db: Db, entry: AuditRow): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: entry.at.toISOString(), actor: entry.actor, action: entry.action, details: JSON.stringify(entry.details) })
    .execute();
}
