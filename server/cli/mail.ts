import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { createOutboxTransport, createSmtpTransport } from '../mail/transport.js';
import { createSecrets, resolveSecretKey } from '../security/secrets.js';
import { createMailEngines, runMailPass, type MailPassResult } from '../services/mailPass.js';
import { findWave } from '../services/waves.js';
import { openCliDatabase, print, type Command } from './io.js';

/** A --now value: an ISO date-time with zone; the pass runs as if it were that moment. */
export function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`--now must be an ISO date-time with time zone, e.g. 2026-11-30T09:00:00Z (got "${value}")`);
  }
  return new Date(value);
}

function summary(r: MailPassResult): string {
  const lines = [
    `Mail pass at ${r.at}`,
    `  planned:   ${r.planned.invitations} invitation(s), ${r.planned.reminders} reminder(s)`,
    `  sent:      ${r.sent}`,
    `  skipped:   ${r.skipped}`,
    `  retry:     ${r.retry}`,
    `  failed:    ${r.failed}`,
    `  bounced:   ${r.bounced}`,
    `  unknown:   ${r.unknown + r.unknownRecovered}${r.unknownRecovered ? ` (${r.unknownRecovered} left 'sending' by an interrupted run; decide on the admin mail page)` : ''}`,
  ];
  if (r.closed.cancelled || r.closed.failed) lines.push(`  closed waves: ${r.closed.cancelled} cancelled, ${r.closed.failed} failed`);
  for (const e of r.errors) lines.push(`  error in wave ${e.waveId}: ${e.message}`);
  return lines.join('\n');
}

/**
 * `mail run [--wave <id>] [--now <ISO time>] [--json]`: one mail pass, over SMTP_URL or into the
 * local outbox. Exits 1 when a wave's templates could not be used.
 */
export const mailRun: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: { wave: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const fixed = parseNow(values.now);
  const { config, db, close } = await openCliDatabase();
  const transport = config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createOutboxTransport();
  try {
    if (values.wave && !(await findWave(db, values.wave))) throw new UsageError(`No wave with id "${values.wave}"`);
    const result = await runMailPass(
      {
        db,
        secrets: createSecrets(resolveSecretKey(config.secretKey, config.databaseFile)),
        baseUrl: config.baseUrl,
        transport,
        engines: createMailEngines(),
        now: fixed ? () => fixed : () => new Date(),
        leaseMs: config.mailLeaseSeconds * 1000,
      },
      { waveId: values.wave },
    );
    print(io, values.json, { transport: transport.description, ...result }, () => summary(result));
    return result.errors.length > 0 ? 1 : 0;
  } finally {
    if (transport.kind === 'smtp') await transport.close();
    await close();
  }
};
