/**
 * `participants import`: the same CSV reader and the same all-or-nothing import as the admin page.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { createSecrets, resolveSecretKey } from '../security/secrets.js';
import { importParticipants } from '../services/participants.js';
import { findWave } from '../services/waves.js';
import { openCliDatabase, print, type Command } from './io.js';

/**
 * `participants import --wave <id> <file.csv> [--skip-invalid] [--json]`: prints the imported and the
 * rejected rows (by line). With rejected rows and no --skip-invalid nothing is imported (exit 1).
 */
export const participantsImport: Command = async (argv, io) => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      wave: { type: 'string' },
      'skip-invalid': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.wave) throw new UsageError('participants import: --wave <id> is required');
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new UsageError('participants import: give exactly one CSV file');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    io.stderr(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const cli = await openCliDatabase();
  try {
    const wave = await findWave(cli.db, values.wave);
    if (!wave) {
      io.stderr(`No wave with id ${values.wave}\n`);
      return 1;
    }
    const secrets = createSecrets(resolveSecretKey(cli.config.secretKey, cli.config.databaseFile));
    const { parsed, ids, blocked } = await importParticipants(cli.context(), secrets, wave.id, bytes, { skipInvalid: values['skip-invalid'] });
    const rejected = parsed.errors.map((e) => ({ line: e.line, email: e.email, message: e.message }));
    const imported = blocked ? [] : parsed.rows.map((r, i) => ({ line: r.line, id: ids[i], email: r.email, name: r.name, attributes: r.attributes }));
    const report = {
      wave: wave.id,
      file,
      encoding: parsed.encoding,
      delimiter: parsed.delimiter,
      committed: !blocked,
      imported,
      rejected,
      fileErrors: parsed.fileErrors,
    };
    print(io, values.json, report, () => {
      const lines: string[] = [];
      for (const message of parsed.fileErrors) lines.push(message);
      if (blocked && parsed.fileErrors.length === 0) lines.push(`Nothing imported: ${rejected.length} row(s) rejected (use --skip-invalid to import the ${parsed.rows.length} valid row(s)).`);
      if (!blocked) lines.push(`Imported ${imported.length} participant(s) into wave ${wave.id}; ${rejected.length} row(s) rejected.`);
      for (const r of rejected) lines.push(`  line ${r.line}: ${r.message}`);
      return lines.join('\n');
    });
    return blocked ? 1 : 0;
  } finally {
    await cli.close();
  }
};
