/** `npm run demo`: load the demo Veiligheidshuis (services/demo.ts) into the configured database and say how to log in. */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { loadQuestionnaireDir } from '../services/questionnaireFiles.js';
import { UsageError } from '../errors.js';
import { passwordProblem } from '../security/passwords.js';
import { createSecrets, resolveSecretKey } from '../security/secrets.js';
import { DEFAULT_DEMO_PASSWORD, loadDemo, type DemoAccount } from '../services/demo.js';
import { openCliDatabase, print, type Command } from './io.js';

function loginText(baseUrl: string, password: string, fromEnv: boolean, databaseFile: string | undefined, accounts: DemoAccount[]): string {
  // a demo loaded into another database is only seen by a server started on that same file
  const start = databaseFile ? `DATABASE_FILE=${databaseFile} npm start` : 'npm start';
  return [
    `Start the server with \`${start}\` and open ${baseUrl}/admin/login`,
    ...accounts.map((a) => `  ${a.email.padEnd(44)} ${a.grants.join(', ')}`),
    `  password: ${fromEnv ? '(the DEMO_PASSWORD you set)' : password}`,
    'At the first login each account sets up two-factor login (an authenticator app scans the QR code).',
    `Results: ${baseUrl}/admin/results`,
  ].join('\n');
}

/** `demo [--json]`: load the demo Veiligheidshuis. */
export const demoCommand: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const fromEnv = Boolean(process.env.DEMO_PASSWORD);
  const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`DEMO_PASSWORD: ${problem}`);
  const config = loadConfig();
  const { questionnaires, faults } = loadQuestionnaireDir(config.questionnairesDir);
  if (faults.length) throw new Error(`Invalid questionnaire file(s) in ${config.questionnairesDir}`);
  const cli = await openCliDatabase(config);
  try {
    const secrets = createSecrets(resolveSecretKey(config.secretKey, config.databaseFile));
    const started = Date.now();
    const result = await loadDemo(cli.db, secrets, new Map(questionnaires.map((q) => [q.id, q])), { password });
    const login = loginText(config.baseUrl, password, fromEnv, process.env.DATABASE_FILE || undefined, result.accounts);
    const users = result.accounts.map((a) => a.email);
    if (result.status === 'exists') {
      print(io, values.json, { status: 'exists', database: config.databaseFile, users, accounts: result.accounts }, () =>
        `The demo is already loaded in ${config.databaseFile}.\n${login}`,
      );
      return 0;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    print(
      io,
      values.json,
      { status: 'loaded', database: config.databaseFile, users, accounts: result.accounts, ...(fromEnv ? {} : { password }), waves: result.waves },
      () =>
        [
          `Loaded the demo into ${config.databaseFile} in ${seconds} s:`,
          ...result.waves.map((w) => `  ${w.house} – ${w.title}: ${w.participants} invited, ${w.responses} responses (wave ${w.id})`),
          '',
          login,
        ].join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
