/**
 * The researcher's command line: `npm run cli -- <command> [options]`. Commands are built on the same
 * domain code as the web app and read the same environment configuration.
 */
import { type Command, type Io } from './cli/io.js';
import { ConfigError, UsageError } from './errors.js';

/** Command name → lazy loader, so a command loads only what it uses. */
const commands: Record<string, { help: string; load: () => Promise<Command> }> = {
  'db migrate': { help: 'run pending database migrations', load: async () => (await import('./cli/db.js')).dbMigrate },
  'db backup': {
    help: 'db backup <file> [--force] [--json]: consistent online copy of the database (server may run)',
    load: async () => (await import('./cli/backup.js')).dbBackup,
  },
  'db maintain': {
    help: 'db maintain [--now <ISO time>] [--json]: seal anonymous waves that have closed (drafts removed, file rebuilt), remove stale open-link drafts',
    load: async () => (await import('./cli/db.js')).dbMaintain,
  },
  'mail run': {
    help: 'mail run [--wave <id>] [--now <ISO time>] [--json]: one pass sending due invitations and reminders',
    load: async () => (await import('./cli/mail.js')).mailRun,
  },
  'wave rates': {
    help: 'wave rates --wave <id> [--now <ISO time>] [--json]: dispositions, RR1/RR2, responses, breakdowns',
    load: async () => (await import('./cli/rates.js')).waveRatesCommand,
  },
  'questionnaire check': {
    help: 'questionnaire check [<file>…] [--json]: schema and logic faults, one line each',
    load: async () => (await import('./cli/questionnaire.js')).questionnaireCheck,
  },
  'questionnaire show': {
    help: 'questionnaire show <file> [--json]: the parsed, normalized questionnaire',
    load: async () => (await import('./cli/questionnaire.js')).questionnaireShow,
  },
  'questionnaire schema': {
    help: 'questionnaire schema [--check]: regenerate questionnaires/questionnaire.schema.json',
    load: async () => (await import('./cli/questionnaire.js')).questionnaireSchema,
  },
  'questionnaire import': {
    help: 'questionnaire import <file> [--replace] [--json]: check a file and store it as a version (no restart needed)',
    load: async () => (await import('./cli/questionnaire.js')).questionnaireImport,
  },
  'questionnaire list': {
    help: 'questionnaire list [--json]: the stored questionnaires, their versions and the waves that use them',
    load: async () => (await import('./cli/questionnaire.js')).questionnaireList,
  },
  'questionnaire diff': {
    help: 'questionnaire diff <id>@<version> <id>@<version> [--json]: what changed, and per aspect whether results stay comparable',
    load: async () => (await import('./cli/questionnaire.js')).questionnaireDiff,
  },
  'wave create': {
    help: 'wave create --questionnaire <id>[@<version>] --house <house id|name> --opens <date> --closes <date> [--reminders 7,14,21] [--anonymous] [--test] [--json]: a concept wave (--test: a test round, never in a benchmark or trend)',
    load: async () => (await import('./cli/wave.js')).waveCreate,
  },
  'round create': {
    help: 'round create --questionnaire <id>@<version> --houses <file.csv> --opens <date> --closes <date> [--reminders 7,14] [--anonymous] [--texts <file.json>] [--json]: a national round, a concept wave per house (CSV: huis;e-mail coördinator; texts: any of invitationSubject, invitation, reminderSubject, reminder)',
    load: async () => (await import('./cli/round.js')).roundCreate,
  },
  'round list': { help: 'round list [--json]: the national rounds and the state of each house\'s wave', load: async () => (await import('./cli/round.js')).roundList },
  'wave launch': {
    help: 'wave launch --wave <id> [--json]: send a concept wave\'s invitations (refused with the checklist\'s open points)',
    load: async () => (await import('./cli/wave.js')).waveLaunch,
  },
  'wave copy': {
    help: 'wave copy --from <id> [--opens <date>] [--closes <date>] [--questionnaire <id>@<version>] [--no-participants] [--json]: a new concept round based on an earlier one',
    load: async () => (await import('./cli/wave.js')).waveCopy,
  },
  'wave purge': {
    help: 'wave purge [--wave <id> [--force]] [--now <ISO time>] [--dry-run] [--json]: delete personal data after the retention period',
    load: async () => (await import('./cli/purge.js')).wavePurge,
  },
  'wave mark-test': {
    help: 'wave mark-test --wave <id> [--off] [--json]: mark a wave as a test round (never in a benchmark or trend), or --off as a real one (not once a test wave has closed); audit-logged',
    load: async () => (await import('./cli/wave.js')).waveMarkTest,
  },
  'wave list': { help: 'wave list [--json]: every wave with state and participants', load: async () => (await import('./cli/wave.js')).waveList },
  'participants import': {
    help: 'participants import --wave <id> <file.csv> [--skip-invalid] [--json]',
    load: async () => (await import('./cli/participants.js')).participantsImport,
  },
  'users create': {
    help: 'users create --email <address> --name <name> --grant national-researcher|national-evaluator|coordinator:<house id>|evaluator:<house id> [--grant …] [--json]',
    load: async () => (await import('./cli/users.js')).usersCreate,
  },
  'users list': { help: 'users list [--json]', load: async () => (await import('./cli/users.js')).usersList },
  'users grants': { help: 'users grants --email <address> [--json]: the grants of an account', load: async () => (await import('./cli/users.js')).usersGrants },
  'house create': {
    help: 'house create --name <name> [--region <region>] [--municipalities "A, B"] [--json]',
    load: async () => (await import('./cli/house.js')).houseCreate,
  },
  'house list': { help: 'house list [--json]: houses and the names that look like duplicates', load: async () => (await import('./cli/house.js')).houseList },
  'house merge': { help: 'house merge --from <id> --into <id> [--json]: one house\'s waves and grants move to the other', load: async () => (await import('./cli/house.js')).houseMerge },
  'audit list': {
    help: 'audit list [--since <date>] [--user <email>] [--house <id|name>] [--kind <kind>] [--limit N] [--json]',
    load: async () => (await import('./cli/audit.js')).auditList,
  },
  analyze: {
    help: 'analyze --questionnaire <file> --responses <csv> [--by <variable>] --json',
    load: async () => (await import('./cli/analyze.js')).analyzeCommand,
  },
  export: {
    help: 'export --wave <id> --format csv-excel|csv|xlsx|sps|r|codebook --out <file> [--json]: downloads (sps: a zip with syntax and data)',
    load: async () => (await import('./cli/export.js')).exportCommand,
  },
  compare: {
    help: 'compare --wave <id> [--with <wave id>] [--period <from>..<to>] [--now <ISO time>] [--json]: what the compare page shows (benchmark waves, means, intervals, differences)',
    load: async () => (await import('./cli/compare.js')).compareCommand,
  },
  demo: { help: 'demo [--json]: load a demo Veiligheidshuis with closed waves (npm run demo)', load: async () => (await import('./cli/demo.js')).demoCommand },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(24)} ${c.help}`);
  return `Usage: npm run cli -- <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

/** Run the command line with the given arguments; returns the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const name = [argv.slice(0, 2).join(' '), argv[0] ?? ''].find((n) => n in commands);
  if (!name) {
    io.stderr(argv.length ? `Unknown command: ${argv.join(' ')}\n\n${usage()}` : usage());
    return argv.length ? 2 : 0;
  }
  const rest = argv.slice(name.split(' ').length);
  try {
    const command = await commands[name]!.load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${(error as Error).message}\n`);
      return 2;
    }
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (isMain) {
  runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
