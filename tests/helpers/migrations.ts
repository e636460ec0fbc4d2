/**
 * A database migrated up to a given migration, for the tests of migrations that move data; removed
 * after each test. Typed loosely: its tables are those of that migration's time, not today's Database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach } from 'vitest';
import { openDatabase } from '../../server/db/connection.js';
import { ProjectMigrationProvider } from '../../server/db/migrate.js';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup) await c();
  cleanup = [];
});

/** Run the project's migrations on `db` up to and including `migration`. */
export async function migrateTo(db: Kysely<any>, migration: string): Promise<void> {
  const result = await new Migrator({ db, provider: new ProjectMigrationProvider() }).migrateTo(migration);
  if (result.error) throw result.error;
}

/** A fresh SQLite file migrated up to and including `migration`. */
export async function databaseAt(migration: string): Promise<Kysely<any>> {
  const dir = mkdtempSync(join(tmpdir(), 'vhmigr-'));
  const { db } = openDatabase(join(dir, 'test.db'));
  cleanup.push(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateTo(db, migration);
  return db;
}

/** The column names of a table, in order. */
export async function columns(db: Kysely<any>, table: string): Promise<string[]> {
  return (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
}
