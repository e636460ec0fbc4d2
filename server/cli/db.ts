import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../config.js';
import { print, type Command } from './io.js';
import { parseArgs } from 'node:util';

/** `db migrate [--json]`: run pending migrations; exits non-zero when one fails. */
export const dbMigrate: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const { db } = openDatabase(config.databaseFile);
  try {
    const result = await migrateToLatest(db);
    const applied = (result.results ?? []).map((r) => r.migrationName);
    print(io, values.json, { database: config.databaseFile, applied }, () =>
      applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.',
    );
    return 0;
  } finally {
    await db.destroy();
  }
};
