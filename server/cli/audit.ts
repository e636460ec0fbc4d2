/** `audit list`: the audit log from the command line, newest first. */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { accountByEmail } from '../services/accounts.js';
import { AUDIT_KINDS, auditEntries, type AuditKind } from '../services/audit.js';
import { houseByIdOrName } from '../services/houses.js';
import { openCliDatabase, print, type Command } from './io.js';

/** `audit list [--since <date|ISO>] [--user <email>] [--house <id|name>] [--kind <kind>] [--limit N] [--json]`. */
export const auditList: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      since: { type: 'string' },
      user: { type: 'string' },
      house: { type: 'string' },
      kind: { type: 'string' },
      limit: { type: 'string', default: '1000' },
      json: { type: 'boolean', default: false },
    },
  });
  const since = values.since ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(values.since) ? `${values.since}T00:00:00Z` : values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) throw new UsageError('audit list: --since must be a date (YYYY-MM-DD) or an ISO time');
  if (values.kind && !Object.hasOwn(AUDIT_KINDS, values.kind)) throw new UsageError(`audit list: --kind must be one of ${Object.keys(AUDIT_KINDS).join(', ')}`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError('audit list: --limit must be 1 to 100000');
  const cli = await openCliDatabase();
  try {
    let userId: number | undefined;
    let actor: string | undefined;
    if (values.user) {
      // a failed login has no account: filter on the address as logged then
      const account = await accountByEmail(cli.db, values.user).catch(() => undefined);
      if (account) userId = account.id;
      else actor = values.user.trim().toLowerCase();
    }
    let houseId: number | undefined;
    if (values.house) {
      const house = await houseByIdOrName(cli.db, values.house);
      if (!house) throw new Error(`audit list: no house ${values.house}`);
      houseId = house.id;
    }
    const { total, rows } = await auditEntries(cli.db, { userId, actor, houseId, since, kind: values.kind as AuditKind | undefined }, { limit, offset: 0 });
    const entries = rows.map((r) => ({ at: r.at, actor: r.actor, userId: r.userId, action: r.action, houseId: r.houseId, house: r.houseName, waveId: r.waveId, details: r.details }));
    print(io, values.json, entries, () =>
      [...entries.map((e) => `${e.at}  ${e.actor}  ${e.action}${e.house ? `  ${e.house}` : ''}${e.waveId ? `  wave ${e.waveId}` : ''}  ${JSON.stringify(e.details)}`), `${rows.length} of ${total} entries`].join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
