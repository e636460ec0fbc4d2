/**
 * `round create|list`: national rounds from the command line, through the same service as the
 * admin page. The houses come from a CSV of `huis;e-mail coördinator`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { mailTextsSchema } from '../domain/questionnaire/schema.js';
import { parseRoundHousesCsv } from '../domain/fieldwork/roundHousesCsv.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import { AppError, UsageError } from '../errors.js';
import { createNationalRound, listNationalRounds } from '../services/rounds.js';
import { openCliDatabase, openCliStore, print, type Command } from './io.js';
import { defaultSender } from '../domain/fieldwork/defaultTexts.js';
import { storedQuestionnaire, waveSummary } from './wave.js';

/** The texts file of `round create`: any of a questionnaire's four `mailTexts` (the others stay the default). */
const roundTextsSchema = mailTextsSchema.pick({ invitationSubject: true, invitation: true, reminderSubject: true, reminder: true }).partial().strict();

function readTexts(path: string): z.output<typeof roundTextsSchema> | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { error: `cannot read it as JSON (${(error as Error).message})` };
  }
  const parsed = roundTextsSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return { error: parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') + ' (keys: invitationSubject, invitation, reminderSubject, reminder)' };
}

/**
 * `round create --questionnaire <id>@<version> --houses <file.csv> --opens <date> --closes <date>
 * [--reminders 7,14] [--anonymous] [--texts <file.json>] [--json]`: a concept wave per house; prints
 * the waves and the passwords of coordinator accounts it created (shown once). The texts are checked
 * by the wave form's rules (the link and the opt-out link present).
 */
export const roundCreate: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      questionnaire: { type: 'string' },
      houses: { type: 'string' },
      opens: { type: 'string' },
      closes: { type: 'string' },
      reminders: { type: 'string', default: '7,14' },
      anonymous: { type: 'boolean', default: false },
      'sender-email': { type: 'string' },
      texts: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.questionnaire) throw new UsageError('round create: --questionnaire <id>@<version> is required');
  if (!values.houses) throw new UsageError('round create: --houses <file.csv> is required (columns: huis;e-mail coördinator)');
  if (!values.opens) throw new UsageError('round create: --opens <date> is required (YYYY-MM-DD)');
  if (!values.closes) throw new UsageError('round create: --closes <date> is required (YYYY-MM-DD)');
  let bytes: Buffer;
  try {
    bytes = readFileSync(values.houses);
  } catch (error) {
    io.stderr(`Cannot read ${values.houses}: ${(error as Error).message}\n`);
    return 1;
  }
  const parsed = parseRoundHousesCsv(bytes);
  if (parsed.errors.length > 0) {
    io.stderr(`round create: ${values.houses}:\n${parsed.errors.map((e) => `  ${e}`).join('\n')}\n`);
    return 1;
  }
  const texts = values.texts === undefined ? {} : readTexts(values.texts);
  if ('error' in texts) {
    io.stderr(`round create: ${values.texts}: ${texts.error}\n`);
    return 1;
  }
  const cli = await openCliStore(io);
  if (!cli) return 1;
  try {
    const questionnaire = await storedQuestionnaire(cli, values.questionnaire);
    if (!questionnaire) {
      io.stderr(`No questionnaire "${values.questionnaire}" in the store (see: questionnaire list)\n`);
      return 1;
    }
    const now = new Date();
    try {
      const created = await createNationalRound(cli.context(now), {
        questionnaire,
        opens: values.opens,
        closes: values.closes,
        reminders: values.reminders,
        anonymous: values.anonymous,
        senderEmail: values['sender-email'] ?? defaultSender(cli.config.baseUrl),
        houses: parsed.rows,
        texts: { invitationSubject: texts.invitationSubject, invitationTemplate: texts.invitation, reminderSubject: texts.reminderSubject, reminderTemplate: texts.reminder },
      });
      const out = { round: created.round, waves: created.waves.map((w) => waveSummary(w, now)), invited: created.invited, granted: created.granted };
      print(io, values.json, out, () =>
        [
          `Created national round ${created.round.id}: ${created.round.title}, ${created.waves.length} concept wave(s). Nothing is sent until each house's coordinator launches its wave.`,
          ...created.waves.map((w) => `  ${w.id}  ${w.house}`),
          ...created.invited.map((a) => `New coordinator account ${a.email} with password: ${a.password}`),
          ...created.granted.map((e) => `${e} is now coordinator of their house`),
        ].join('\n'),
      );
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      io.stderr(`round create: ${error.message}\n`);
      return 1;
    }
  } finally {
    await cli.close();
  }
};

/** `round list [--json]`: the national rounds with each house's wave and its state. */
export const roundList: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const cli = await openCliDatabase();
  try {
    const now = new Date();
    const rounds = (await listNationalRounds(cli.context(now))).map(({ round, waves }) => ({
      ...round,
      waves: waves.map((w) => ({ id: w.id, house: w.house, house_id: w.house_id, state: waveState(w, now) })),
    }));
    print(io, values.json, rounds, () =>
      rounds.length === 0
        ? 'No national rounds.'
        : rounds.map((r) => [`${r.id}  ${r.title}  ${r.questionnaire_id}@${r.questionnaire_version}`, ...r.waves.map((w) => `  ${w.id}  ${w.state.padEnd(9)} ${w.house}`)].join('\n')).join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
