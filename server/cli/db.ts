import { openDatabase } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../config.js';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { runMaintenance } from '../services/maintenance.js';
import { parseNow } from './mail.js';
import { openCliDatabase, print, type Command } from './io.js';

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

const maintainUsage = 'Usage: db maintain [--now <ISO time>] [--json]';

/**
 * `db maintain [--now <ISO time>] [--json]`: the server's maintenance pass once (services/maintenance.ts):
 * seal every anonymous wave that has closed (drafts removed, file rebuilt) and remove stale open-link
 * drafts. For a database whose server was not running when a wave closed, before the file is archived.
 */
export const dbMaintain: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { now: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (positionals.length > 0) throw new UsageError(maintainUsage);
  const now = parseNow(values.now) ?? new Date();
  const cli = await openCliDatabase();
  try {
    const outcome = await runMaintenance(cli.context(now));
    print(io, values.json, { now: now.toISOString(), ...outcome }, () =>
      [
        outcome.sealed.length === 0 ? 'No anonymous wave to seal.' : `Sealed: ${outcome.sealed.map((s) => `${s.waveId} (${s.drafts} drafts removed)`).join(', ')}; the file is rebuilt.`,
        `Stale open-link drafts removed: ${outcome.expiredOpenDrafts}.`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
