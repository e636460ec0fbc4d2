import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './database.js';

export type Db = Kysely<Database>;

/** Open the SQLite file (creating its folder) with WAL, foreign keys, a busy timeout and secure delete. */
export function openDatabase(file: string): { db: Db; sqlite: SQLite.Database } {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // deleted rows are zeroed, not left in free space: a submitted draft (invitation id, answers, save
  // time) must not survive in the file of an anonymous wave, nor in backups copied from it
  sqlite.pragma('secure_delete = ON');
  // and the log is cut back after each checkpoint instead of keeping old page images in the -wal file
  sqlite.pragma('journal_size_limit = 0');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, sqlite };
}
