import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import { projectRoot } from '../config.js';
import { MigrationError } from '../errors.js';
import type { Db } from './connection.js';

export const migrationsDir = path.join(projectRoot, 'migrations');

/**
 * Loads the date-named migration files. Kysely's FileMigrationProvider imports from inside
 * node_modules, where the TypeScript loader (tsx, vitest) does not reach; importing here does.
 */
export class ProjectMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = readdirSync(migrationsDir).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.(ts|js)$/, '')] = atomic((await import(pathToFileURL(path.join(migrationsDir, file)).href)) as Migration);
    }
    return migrations;
  }
}

/**
 * A migration run in one transaction. SQLite rolls DDL back, but Kysely's Migrator opens no
 * transaction on SQLite (its adapter reports no transactional DDL, kysely#56), so a migration that
 * failed halfway kept the tables it had made and every re-run failed on those instead of the cause.
 * (Inside a transaction `PRAGMA foreign_keys` is a no-op: a migration must not rely on it.)
 */
function atomic(migration: Migration): Migration {
  const { up, down } = migration;
  return {
    up: (db) => db.transaction().execute((trx) => up(trx)),
    ...(down ? { down: (db: Kysely<any>) => db.transaction().execute((trx) => down(trx)) } : {}),
  };
}

/** Run every pending migration; throws MigrationError naming the failed migration. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: new ProjectMigrationProvider() });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`);
  }
  return result;
}
