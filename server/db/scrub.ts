/**
 * Leaving nothing in the database file that anonymity forbids: old page images in the write-ahead
 * log, and the physical layout of the pages.
 *
 * - The -wal keeps every page image written since the last checkpoint: the drafts of respondents who
 *   have submitted since (invitation id and answers), and the order in which responses were stored.
 *   After an anonymous submission a checkpoint that truncates the log runs soon (at most one a second,
 *   so a busy hour of submissions costs one checkpoint a second, not one a request).
 * - Rows are placed in pages in the order they are inserted and a row that grows moves; secure_delete
 *   zeroes what is deleted, but the layout itself tells the order of submissions. compactDatabase()
 *   rebuilds the file (VACUUM: every table and index written afresh in key order) and truncates the
 *   log; it runs when an anonymous wave is sealed and after a purge. Backups are written with the same
 *   canonical layout (db/backup.ts).
 */
import { sql } from 'kysely';
import { sqliteOf, type Db } from './connection.js';

/** How long after an anonymous submission the log is truncated at the latest (when nothing holds it). */
export const WAL_SCRUB_DELAY_MS = 1000;

interface Pending {
  timer: NodeJS.Timeout;
  waiters: Array<() => void>;
}

const pending = new WeakMap<Db, Pending>();

/**
 * Checkpoint the log into the database file and truncate it to zero bytes, now, without waiting for
 * anyone: false when it could not (a transaction of this connection is open, or another connection
 * still reads from the log), true when done or there is nothing to do (no file behind `db`).
 */
export function truncateWal(db: Db): boolean {
  const sqlite = sqliteOf(db);
  if (!sqlite || sqlite.memory) return true;
  if (sqlite.inTransaction) return false;
  const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    return result?.busy === 0;
  } finally {
    sqlite.pragma(`busy_timeout = ${timeout}`);
  }
}

function run(db: Db): void {
  const entry = pending.get(db);
  if (!entry) return;
  if (!truncateWal(db)) {
    entry.timer = setTimeout(() => run(db), WAL_SCRUB_DELAY_MS);
    entry.timer.unref();
    return;
  }
  pending.delete(db);
  for (const resolve of entry.waiters) resolve();
}

/** Truncate the log soon (within WAL_SCRUB_DELAY_MS, retried while something holds it). */
export function scheduleWalScrub(db: Db): void {
  if (pending.has(db)) return;
  const timer = setTimeout(() => run(db), WAL_SCRUB_DELAY_MS);
  timer.unref();
  pending.set(db, { timer, waiters: [] });
}

/** Resolves once no truncation is pending (at once when none is). */
export function walScrubbed(db: Db): Promise<void> {
  const entry = pending.get(db);
  if (!entry) return Promise.resolve();
  return new Promise((resolve) => entry.waiters.push(resolve));
}

/** Run a pending truncation now (on shutdown); a failed one is dropped, SQLite checkpoints on close itself. */
export function flushWalScrub(db: Db): void {
  const entry = pending.get(db);
  if (!entry) return;
  clearTimeout(entry.timer);
  pending.delete(db);
  truncateWal(db);
  for (const resolve of entry.waiters) resolve();
}

/**
 * Rebuild the database file with a canonical layout (VACUUM) and truncate the log. Must not run inside
 * a transaction. The file is rewritten as a whole, so it takes as long as copying the database.
 */
export async function compactDatabase(db: Db): Promise<void> {
  // the log first, so that the rebuilt pages start it afresh
  truncateWal(db);
  await sql`vacuum`.execute(db);
  if (!truncateWal(db)) scheduleWalScrub(db);
}
