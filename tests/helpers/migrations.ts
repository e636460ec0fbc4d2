/** For the migration tests: a fresh SQLite file migrated up to a given migration, and the columns of a table. */
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

/** A database migrated up to `migration`, typed loosely: its tables are those of that time, not today's Database. */
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

/** Run the migrations up to and including `migration`. */
export async function migrateTo(db: Kysely<any>, migration: string): Promise<void> {
  const result = await new Migrator({ db, provider: new ProjectMigrationProvider() }).migrateTo(migration);
  if (result.error) throw result.error;
}

export const columns = async (db: Kysely<any>, table: string) => (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);

