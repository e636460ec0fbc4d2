import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { purgeDueWaves, purgeWave, type PurgeOutcome } from '../services/retention.js';
import { findWave } from '../services/waves.js';
import { parseNow } from './mail.js';
import { openCliDatabase, print, type Command } from './io.js';

const usage = 'Usage: wave purge [--wave <id> [--force]] [--now <ISO time>] [--dry-run] [--json]';

function line(o: PurgeOutcome): string {
  const what = `${o.participants} participants, ${o.drafts} drafts, ${o.contacts} contact answers, ${o.outbox} outbox messages`;
  const due = o.dueAt ? `due ${o.dueAt}` : 'no retention period';
  return `  ${o.waveId}  ${o.title} (${o.house}), ${due}${o.forced ? ', forced' : ''}: ${what}`;
}

/**
 * `wave purge [--wave <id> [--force]] [--now <ISO time>] [--dry-run] [--json]`: delete participants'
 * personal data of every wave whose retention period has passed (or of one wave; one that is not yet
 * due, or has no retention period, only with --force; an open wave never). Each purge is audit-logged.
 */
export const wavePurge: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      wave: { type: 'string' },
      now: { type: 'string' },
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(usage);
  if (values.force && !values.wave) throw new UsageError(`wave purge: --force needs --wave <id>\n${usage}`);
  const now = parseNow(values.now) ?? new Date();
  const dryRun = values['dry-run'];
  const cli = await openCliDatabase();
  const ctx = cli.context(now);
  try {
    let purged: PurgeOutcome[];
    if (values.wave) {
      const wave = await findWave(cli.db, values.wave);
      if (!wave) throw new UsageError(`No wave with id "${values.wave}"`);
      const result = await purgeWave(ctx, wave, { force: values.force, dryRun });
      if (!result.ok) {
        // nothing to do for a wave purged before: not an error
        if (result.reason === 'purged') purged = [];
        else {
          io.stderr(`wave purge: wave ${wave.id} not purged: ${result.message}\n`);
          return 1;
        }
      } else purged = [result.outcome];
    } else {
      purged = await purgeDueWaves(ctx, { dryRun });
    }
    print(io, values.json, { now: now.toISOString(), dryRun, purged }, () => {
      if (purged.length === 0) return 'No wave is due for purging.';
      const head = dryRun ? 'Would purge (dry run, nothing changed):' : 'Purged personal data of:';
      return [head, ...purged.map(line)].join('\n');
    });
    return 0;
  } finally {
    await cli.close();
  }
};
