/**
 * Online backup of the SQLite database, safe while the server runs and writes. The copy is one
 * consistent snapshot (VACUUM INTO reads in one transaction; in WAL mode writers go on), written
 * with a canonical layout: every table and index rebuilt in key order, no free pages, so neither the
 * place of a row nor free space tells in which order responses were stored or invitations completed.
 * The drafts of anonymous waves are left out of the copy: an unfinished draft holds an invitation
 * id and answers that would match the response it later becomes. The copy is written beside the
 * target, created 0600, and renamed into place only after it passed `PRAGMA integrity_check`, so a
 * half-written file never carries the backup's name.
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
  /** What the copy leaves out on purpose. */
  leftOut: { anonymousDrafts: number };
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

/** Remove the anonymous waves' drafts from a fresh copy and rebuild it; returns how many were removed. */
function stripCopy(file: string): { anonymousDrafts: number; pages: number } {
  const copy = new SQLite(file, { fileMustExist: true });
  try {
    // a scratch file: no rollback journal beside it (a failed copy is deleted as a whole)
    copy.pragma('journal_mode = MEMORY');
    copy.pragma('secure_delete = ON');
    const hasDrafts = copy.prepare("select count(*) from sqlite_schema where type = 'table' and name in ('drafts', 'waves')").pluck().get() === 2;
    const anonymousDrafts = hasDrafts ? copy.prepare('delete from drafts where wave_id in (select id from waves where anonymous = 1)').run().changes : 0;
    // rebuilt again after the deletion, so the copy keeps the canonical layout and no free pages
    if (anonymousDrafts > 0) copy.exec('vacuum');
    return { anonymousDrafts, pages: copy.pragma('page_count', { simple: true }) as number };
  } finally {
    copy.close();
  }
}

/**
 * Copy `source` into `target` with VACUUM INTO (see the module comment for what the copy holds). Only
 * the source's read transaction is held while copying, so the server keeps answering.
 */
export async function backupDatabase(source: string, target: string, options: { overwrite?: boolean } = {}): Promise<BackupResult> {
  if (!existsSync(source)) throw new BackupError(`database file not found: ${source}`);
  if (!existsSync(dirname(target))) throw new BackupError(`folder does not exist: ${dirname(target)}`);
  if (existsSync(target) && !options.overwrite) throw new BackupError(`${target} already exists (use --force to overwrite it)`);
  const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
  rmSync(partial, { force: true });
  // created 0600 before SQLite writes to it (VACUUM INTO accepts an empty file): it holds the same personal data
  ensurePrivateFile(partial);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // VACUUM INTO builds the copy with this connection's secure_delete: without it, the cells that move
    // while the copy's pages fill up stay behind in their free space (copies of answers found there)
    db.pragma('secure_delete = ON');
    db.prepare('vacuum into ?').run(partial);
    const { anonymousDrafts, pages } = stripCopy(partial);
    const checked = inspectDatabase(partial);
    if (checked.integrity !== 'ok') throw new BackupError(`the copy failed its integrity check: ${checked.integrity}`);
    rmSync(`${partial}-journal`, { force: true });
    renameSync(partial, target);
    return { file: target, bytes: statSync(target).size, pages, ...checked, leftOut: { anonymousDrafts } };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}
