/** A database migrated up to a given migration, for the tests of the migrations that come after it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator } from 'kysely';
import { afterEach } from 'vitest';
import { openDatabase, type Db } from '../../server/db/connection.js';
import { ProjectMigrationProvider } from '../../server/db/migrate.js';

const cleanup: Array<() => Promise<void>> = [];

/** Close and remove the databases of each test after it (call once at the top of a test file). */
export function removeDatabasesAfterEach(): void {
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });
}

/** A fresh SQLite file migrated up to and including `migration`. */
export async function databaseAt(migration: string): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'vhmigr-'));
  const { db } = openDatabase(join(dir, 'test.db'));
  cleanup.push(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const result = await new Migrator({ db, provider: new ProjectMigrationProvider() }).migrateTo(migration);
  if (result.error) throw result.error;
  return db;
}
