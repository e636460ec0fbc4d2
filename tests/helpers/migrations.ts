/**
 * For the tests of migrations that move data: a fresh SQLite file migrated up to a given migration
 * (to store rows the way the code of that time did before running the rest), and a table's columns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection.js';
import { ProjectMigrationProvider } from '../../server/db/migrate.js';

let cleanup: Array<() => Promise<void>> = [];

/** Call once in a test file: databases made by databaseAt() are closed and removed after each test. */
export function cleanUpDatabases(): void {
  afterEach(async () => {
    for (const c of cleanup) await c();
    cleanup = [];
  });
}

/** Migrate `db` to exactly `migration` (up or down); throws the migration's error. */
export async function migrateTo(db: Db, migration: string): Promise<void> {
  const result = await new Migrator({ db, provider: new ProjectMigrationProvider() }).migrateTo(migration);
  if (result.error) throw result.error;
}

/** A fresh database file migrated up to `migration`. */
export async function databaseAt(migration: string): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'vhmigr-'));
  const { db } = openDatabase(join(dir, 'test.db'));
  cleanup.push(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateTo(db, migration);
  return db;
}

/** The table's columns in row order. */
export async function columns(db: Db, table: string): Promise<string[]> {
  return (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
}
