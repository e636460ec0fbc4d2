import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { backupDatabase } from '../db/backup.js';
import { BackupError, UsageError } from '../errors.js';
import { print, type Command } from './io.js';

const usage = 'Usage: db backup <file> [--force] [--json]';

/**
 * `db backup <file> [--force] [--json]`: a consistent copy of DATABASE_FILE with a canonical layout
 * and without the drafts of anonymous waves (db/backup.ts), safe while the server is running; the
 * copy is integrity-checked before it gets its name.
 */
export const dbBackup: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 1) throw new UsageError(usage);
  const config = loadConfig();
  if (config.databaseFile === ':memory:') throw new UsageError('db backup: DATABASE_FILE is :memory:, there is nothing to back up');
  const target = resolve(positionals[0]!);
  if (target === config.databaseFile) throw new UsageError('db backup: the backup file cannot be the database itself');
  try {
    const result = await backupDatabase(config.databaseFile, target, { overwrite: values.force });
    print(io, values.json, { database: config.databaseFile, ...result }, () =>
      [
        `Backup of ${config.databaseFile} written to ${result.file} (${result.bytes} bytes, integrity ${result.integrity}).`,
        `Left out: ${result.leftOut.anonymousDrafts} unfinished draft(s) of anonymous waves (those respondents start again after a restore).`,
        ...Object.entries(result.tables).map(([name, n]) => `  ${name.padEnd(24)} ${n}`),
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupError) {
      io.stderr(`db backup: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
};
