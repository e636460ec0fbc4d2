/**
 * What the server tidies up on its own, every MAINTENANCE_INTERVAL_MINUTES (plugins/maintenance.ts):
 * anonymous waves that have closed are sealed (services/sealing.ts), and open-link drafts that nobody
 * finished are removed after a while, so a link passed around (or a script) cannot fill the database
 * with them.
 */
import { deleteStaleOpenDrafts } from '../db/repositories/drafts.js';
import { dutchDay } from '../domain/format/nl.js';
import type { Context } from './context.js';
import { sealClosedWaves, type Sealed } from './sealing.js';

/** An open-link draft not saved for this many days is removed (its cookie is the only way back to it). */
export const OPEN_DRAFT_KEEP_DAYS = 30;
/** A draft nobody saved a page of ("Beginnen" only) is removed after this many days. */
export const EMPTY_OPEN_DRAFT_KEEP_DAYS = 1;

const DAY_MS = 24 * 3600 * 1000;

/** Remove open-link drafts left unsaved for OPEN_DRAFT_KEEP_DAYS, empty ones after EMPTY_OPEN_DRAFT_KEEP_DAYS; returns how many. */
export async function expireOpenDrafts(ctx: Context): Promise<number> {
  const dayBefore = (days: number) => dutchDay(new Date(ctx.now.getTime() - days * DAY_MS));
  return deleteStaleOpenDrafts(ctx.db, dayBefore(OPEN_DRAFT_KEEP_DAYS), dayBefore(EMPTY_OPEN_DRAFT_KEEP_DAYS));
}

export interface MaintenanceOutcome {
  expiredOpenDrafts: number;
  sealed: Sealed[];
}

/** One maintenance pass. */
export async function runMaintenance(ctx: Context): Promise<MaintenanceOutcome> {
  const expiredOpenDrafts = await expireOpenDrafts(ctx);
  return { expiredOpenDrafts, sealed: await sealClosedWaves(ctx) };
}
