/** The configuration of an app built inside a bench child: a database in `dir`, no scheduler, no log. */
import { join, resolve } from 'node:path';
import { loadConfig, projectRoot } from '../../server/config.js';

/** Silent, no mail or retention timers, two-factor login optional for evaluators, the shipped questionnaires. */
export function benchConfig(dir: string) {
  return loadConfig({
    DATABASE_FILE: join(dir, 'bench.db'),
    BASE_URL: 'http://127.0.0.1',
    LOG_LEVEL: 'silent',
    MAIL_INTERVAL_SECONDS: '0',
    RETENTION_INTERVAL_HOURS: '0',
    TWO_FACTOR_EVALUATORS: 'optional',
    QUESTIONNAIRES_DIR: resolve(projectRoot, 'questionnaires'),
  });
}
