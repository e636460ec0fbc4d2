/**
 * Online backup of the SQLite database with SQLite's backup API, safe while the server runs and
 * writes: the copy is one consistent snapshot, written beside the target and renamed into place only
 * after it passed `PRAGMA integrity_check`, so a half-written file never carries the backup's name.
 */
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { BackupError } from '../errors.js';
import { ensurePrivateFile } from '../security/files.js';

export interface BackupResult {
  /** The backup file (absolute or as given). */
  file: string;
  bytes: number;
  pages: number;
  /** `PRAGMA integrity_check` of the copy: 'ok' or the first problems found. */
  integrity: string;
  /** Row counts of the copy's tables, to compare with what is expected. */
  tables: Record<string, number>;
}

/** Integrity check and row counts of a database file (opened read-only). */
export function inspectDatabase(file: string): { integrity: string; tables: Record<string, number> } {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('pragma integrity_check').pluck().all() as string[];
    const names = db
      .prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    const tables: Record<string, number> = {};
    for (const name of names) tables[name] = db.prepare(`select count(*) from "${name.replace(/"/g, '""')}"`).pluck().get() as number;
    return { integrity: rows.join('; '), tables };
  } finally {
    db.close();
  }
}

/**
 * Copy `source` into `target` with the online backup API. All pages are copied in one step: a step
 * holds a read transaction, so the copy is one snapshot and, in WAL mode, writers are not blocked;
 * copying in small steps would restart whenever another connection writes and might never finish.
 */
export async function backupDatabase(source: string, target: string, options: { overwrite?: boolean } = {}): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`database file not found: ${source}`);
  if (!existsSync(dirname(target))) throw new BackupError(`folder does not exist: ${dirname(target)}`);
  if (existsSync(target) && !options.overwrite) throw new BackupError(`${target} already exists (use --force to overwrite it)`);
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  rmSync(partial, { force: true });
  // created 0600 before SQLite writes to it: a backup holds the same personal data as the database
  ensurePrivateFile(partial);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const progress = await db.backup(partial, { progress: () => 0x7fffffff });
    const checked = inspectDatabase(partial);
    if (checked.integrity !== 'ok') throw new BackupError(`the copy failed its integrity check: ${checked.integrity}`);
    // a WAL-mode copy is complete in its main file (the backup API writes pages, not log frames)
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, pages: progress.totalPages, ...checked };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
