/** The audit log: who did what, when. Written only through services/audit.ts; the database refuses updates and deletes. */
import type { Db } from '../connection.js';

export interface AuditRow {
  at: Date;
  actor: string;
  userId: number | null;
  action: string;
  waveId: string | null;
  houseId: number | null;
  details: Record<string, unknown>;
}

/** Append one entry. */
export async function insertAuditEntry(db: Db, entry: AuditRow): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at.toISOString(),
      actor: entry.actor,
      user_id: entry.userId,
      action: entry.action,
      wave_id: entry.waveId,
      house_id: entry.houseId,
      details: JSON.stringify(entry.details),
    })
    .execute();
}

export interface AuditFilter {
  /** The acting account. */
  userId?: number;
  /** The actor as logged (an address, also of a failed login, or cli/retention/deelnemer). */
  actor?: string;
  houseId?: number;
  actions?: readonly string[];
  /** From this moment (inclusive). */
  since?: Date;
  /** Before this moment. */
  until?: Date;
}

export interface AuditListRow {
  id: number;
  at: string;
  actor: string;
  userId: number | null;
  action: string;
  waveId: string | null;
  houseId: number | null;
  houseName: string | null;
  waveTitle: string | null;
  /** The wave is a test wave (now): its title gets the Testronde mark. */
  waveIsTest: boolean;
  details: Record<string, unknown>;
}

function decodeDetails(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A page of entries matching the filter, newest first, with the house's name and the wave's title, and how many match. */
export async function auditPage(db: Db, filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ total: number; rows: AuditListRow[] }> {
  let base = db.selectFrom('audit_log as a').leftJoin('houses as h', 'h.id', 'a.house_id').leftJoin('waves as w', 'w.id', 'a.wave_id');
  if (filter.userId !== undefined) base = base.where('a.user_id', '=', filter.userId);
  if (filter.actor !== undefined) base = base.where('a.actor', '=', filter.actor);
  if (filter.houseId !== undefined) base = base.where('a.house_id', '=', filter.houseId);
  if (filter.actions !== undefined) base = filter.actions.length === 0 ? base.where('a.id', '<', 0) : base.where('a.action', 'in', filter.actions);
  if (filter.since !== undefined) base = base.where('a.at', '>=', filter.since.toISOString());
  if (filter.until !== undefined) base = base.where('a.at', '<', filter.until.toISOString());
  const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['a.id', 'a.at', 'a.actor', 'a.user_id', 'a.action', 'a.wave_id', 'a.house_id', 'a.details', 'h.name as house_name', 'w.title as wave_title', 'w.is_test as wave_is_test'])
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total: Number(total.n),
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      userId: r.user_id,
      action: r.action,
      waveId: r.wave_id,
      houseId: r.house_id,
      houseName: r.house_name,
      waveTitle: r.wave_title,
      waveIsTest: r.wave_is_test === 1,
      details: decodeDetails(r.details),
    })),
  };
}
