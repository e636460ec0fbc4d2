import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../../server/app.js';
import { loadConfig, type Config } from '../../server/config.js';
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import { latestVersion, versionOptions } from '../../server/services/questionnaires.js';

export interface TestApp {
  app: FastifyInstance;
  dir: string;
  config: Config;
  /** Set the app's clock. */
  setNow(date: Date | string): void;
  close(): Promise<void>;
}

/**
 * A fresh app on a fresh SQLite file, migrated by the real migrations, in its own temp folder, with
 * a settable clock and logging off. Extra environment and app options can be given.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: Partial<Omit<AppOptions, 'config' | 'now'>> = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'vhtest-'));
  const config = loadConfig({
    DATABASE_FILE: join(dir, 'test.db'),
    BASE_URL: 'http://survey.test',
    LOG_LEVEL: 'silent',
    MAIL_INTERVAL_SECONDS: '0',
    RETENTION_INTERVAL_HOURS: '0',
    ...env,
  });
  let now = new Date('2026-11-23T09:00:00Z');
  const app = await buildApp({ config, now: () => new Date(now), logger: false, ...options });
  await app.ready();
  return {
    app,
    dir,
    config,
    setNow(date) {
      now = new Date(date);
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The latest stored version of a questionnaire in the app's store (the files of QUESTIONNAIRES_DIR are loaded at start); throws when there is none. */
export async function storedQuestionnaire(app: FastifyInstance, id: string): Promise<Questionnaire> {
  const version = await latestVersion(app.db, id);
  if (!version) throw new Error(`no questionnaire ${id} in the store`);
  return version.questionnaire;
}

/** The latest stored version of every questionnaire, by id. */
export async function storedQuestionnaires(app: FastifyInstance): Promise<Map<string, Questionnaire>> {
  const ids = [...new Set((await versionOptions(app.db)).map((v) => v.id))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await storedQuestionnaire(app, id)] as const)));
}
