import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Db } from '../db/connection.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Context } from '../services/context.js';
import { adoptWaveSnapshots, syncQuestionnaireFolder } from '../services/questionnaires.js';

/** Where a command writes; tests capture it. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A command: arguments after its name in, exit code out. */
export type Command = (argv: string[], io: Io) => Promise<number>;

export interface CliDatabase {
  config: Config;
  db: Db;
  /** Load the questionnaire files of QUESTIONNAIRES_DIR into the store, as the server does at start. */
  loadQuestionnaireFolder(): Promise<void>;
  /** The service context of a command: this database, the moment (now, or `--now`), acting as 'cli'. */
  context(now?: Date): Context;
  close(): Promise<void>;
}

/** The database of the configured environment, migrated, for commands that need it. */
export async function openCliDatabase(config: Config = loadConfig()): Promise<CliDatabase> {
  const { db } = openDatabase(config.databaseFile);
  await migrateToLatest(db);
  return {
    config,
    db,
    context: (now = new Date()) => ({ db, now, actor: { system: 'cli' } }),
    async loadQuestionnaireFolder() {
      const ctx = { db, now: new Date(), actor: { system: 'questionnaire-folder' as const } };
      await syncQuestionnaireFolder(ctx, config.questionnairesDir);
      await adoptWaveSnapshots(ctx);
    },
    close: () => db.destroy(),
  };
}

/** Print data as JSON (with --json) or as the given human-readable text. */
export function print(io: Io, json: boolean, data: unknown, human: () => string): void {
  io.stdout(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

/** The database with the questionnaire folder loaded into the store; a folder fault is printed and gives undefined (exit 1). */
export async function openCliStore(io: Io): Promise<CliDatabase | undefined> {
  const cli = await openCliDatabase();
  try {
    await cli.loadQuestionnaireFolder();
    return cli;
  } catch (error) {
    await cli.close();
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}
