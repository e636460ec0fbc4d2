import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Db } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';

/** Where a command writes; tests capture it. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A command: arguments after its name in, exit code out. */
export type Command = (argv: string[], io: Io) => Promise<number>;

/** The database of the configured environment, migrated, for commands that need it. */
export async function openCliDatabase(config: Config = loadConfig()): Promise<{ config: Config; db: Db; close(): Promise<void> }> {
  const { db } = openDatabase(config.databaseFile);
  await migrateToLatest(db);
  return { config, db, close: () => db.destroy() };
}

/** Print data as JSON (with --json) or as the given human-readable text. */
export function print(io: Io, json: boolean, data: unknown, human: () => string): void {
  io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}
