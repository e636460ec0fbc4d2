/**
 * `wave create|list|launch|copy`: fieldwork rounds from the command line, checked by the same wave
 * form rules and services as the admin pages. A new wave is a concept: nothing is sent until
 * `wave launch`, which is refused with the checklist's open points while the wave is not ready.
 */
import { parseArgs } from 'node:util';
import type { Wave } from '../db/database.js';
import { defaultSender, waveTextsFor } from '../domain/fieldwork/defaultTexts.js';
import { parseWaveForm, waveFormFields, type WaveFormFields } from '../domain/fieldwork/waveForm.js';
import { waveState, waveStateLabels } from '../domain/fieldwork/waveState.js';
import { dutchDay } from '../domain/format/nl.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { AppError, UsageError } from '../errors.js';
import { checklistOf, launchWave } from '../services/launch.js';
import { findVersion, latestVersion } from '../services/questionnaires.js';
import { copyPlan, copyWave } from '../services/waveCopy.js';
import { houseByIdOrName } from '../services/houses.js';
import { createWave, findWave, listWavesWithParticipants, markTestWave, reminderDaysOf } from '../services/waves.js';
import { resolveSecretKey, createSecrets } from '../security/secrets.js';
import { openCliDatabase, openCliStore, print, type CliDatabase, type Command, type Io } from './io.js';

/** A wave as the command line prints it (without the questionnaire snapshot). */
export function waveSummary(wave: Wave, now: Date, participants?: number) {
  return {
    id: wave.id,
    title: wave.title,
    house: wave.house,
    house_id: wave.house_id,
    questionnaire_id: wave.questionnaire_id,
    questionnaire_version: wave.questionnaire_version,
    opens_at: wave.opens_at,
    closes_at: wave.closes_at,
    state: waveState(wave, now),
    launched_at: wave.launched_at,
    anonymous: wave.anonymous === 1,
    allow_edit: wave.allow_edit === 1,
    reminder_days: reminderDaysOf(wave),
    sender_name: wave.sender_name,
    sender_organisation: wave.sender_organisation,
    sender_email: wave.sender_email,
    min_cell_size: wave.min_cell_size,
    retention_days: wave.retention_days,
    has_open_link: wave.open_link_hash !== null,
    test: wave.is_test === 1,
    created_at: wave.created_at,
    ...(participants === undefined ? {} : { participants }),
  };
}


const optionNames: Record<string, string> = {
  allowEdit: 'allow-edit',
  senderName: 'sender-name',
  senderOrganisation: 'sender-organisation',
  senderEmail: 'sender-email',
  minCellSize: 'min-cell-size',
  retentionDays: 'retention-days',
  questionnaire: 'questionnaire',
};

/** The form's faults as the options they came from; exit code 2. */
function invalidOptions(io: Io, command: string, errors: Record<string, string>): number {
  const lines = Object.entries(errors).map(([field, message]) => `  --${optionNames[field] ?? field}: ${message}`);
  io.stderr(`${command}: invalid options:\n${lines.join('\n')}\n`);
  return 2;
}

/** `id` (its latest version) or `id@version` from the store; the folder is loaded first. */
export async function storedQuestionnaire(cli: CliDatabase, spec: string): Promise<Questionnaire | undefined> {
  const at = spec.indexOf('@');
  const found = at > 0 ? await findVersion(cli.db, spec.slice(0, at), spec.slice(at + 1)) : await latestVersion(cli.db, spec);
  return found?.questionnaire;
}

/**
 * `wave create --questionnaire <id>[@<version>] --house <house id|exact name> --opens <date> --closes <date>
 * [--reminders 7,14,21] [--anonymous] [--allow-edit] [--title …] [--sender-name …] [--sender-organisation …]
 * [--sender-email …] [--min-cell-size 5] [--retention-days N] [--test] [--json]`: a concept wave (--test: a test round).
 */
export const waveCreate: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      questionnaire: { type: 'string' },
      house: { type: 'string' },
      opens: { type: 'string' },
      closes: { type: 'string' },
      reminders: { type: 'string', default: '7,14,21' },
      anonymous: { type: 'boolean', default: false },
      'allow-edit': { type: 'boolean', default: false },
      title: { type: 'string' },
      'sender-name': { type: 'string' },
      'sender-organisation': { type: 'string', default: '' },
      'sender-email': { type: 'string' },
      'min-cell-size': { type: 'string', default: '5' },
      'retention-days': { type: 'string', default: '' },
      test: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.questionnaire) throw new UsageError('wave create: --questionnaire <id>[@<version>] is required');
  if (!values.house) throw new UsageError('wave create: --house <house id or name> is required');
  // the opening date is the researcher's to choose: a wave never opens "now" by default
  if (!values.opens) throw new UsageError('wave create: --opens <date> is required (YYYY-MM-DD)');
  if (!values.closes) throw new UsageError('wave create: --closes <date> is required (YYYY-MM-DD)');
  const cli = await openCliStore(io);
  if (!cli) return 1;
  try {
    const questionnaire = await storedQuestionnaire(cli, values.questionnaire);
    if (!questionnaire) {
      io.stderr(`No questionnaire "${values.questionnaire}" in the store (see: questionnaire list)\n`);
      return 1;
    }
    const house = await houseByIdOrName(cli.db, values.house);
    if (!house) {
      io.stderr(`No house "${values.house}": give a house id or exact name (house list), or create it with house create --name …\n`);
      return 1;
    }
    const now = new Date();
    const texts = waveTextsFor(questionnaire, values.anonymous);
    const fields: WaveFormFields = {
      title: values.title ?? `${questionnaire.title} – ${house.name}`,
      house: String(house.id),
      opens: values.opens,
      closes: values.closes,
      anonymous: values.anonymous ? 'on' : '',
      allowEdit: values['allow-edit'] ? 'on' : '',
      reminders: values.reminders,
      senderName: values['sender-name'] ?? house.name,
      senderOrganisation: values['sender-organisation'],
      senderEmail: values['sender-email'] ?? defaultSender(cli.config.baseUrl),
      invitationSubject: texts.invitation_subject,
      invitationTemplate: texts.invitation_template,
      reminderSubject: texts.reminder_subject,
      reminderTemplate: texts.reminder_template,
      minCellSize: values['min-cell-size'],
      retentionDays: values['retention-days'],
      test: values.test ? 'on' : '',
    };
    const result = parseWaveForm(fields, { now, isNew: true, questionnaire });
    if (!result.ok) return invalidOptions(io, 'wave create', result.errors);
    const wave = await createWave(cli.context(now), questionnaire, result.value);
    print(io, values.json, waveSummary(wave, now), () => `Created concept ${wave.is_test ? 'test ' : ''}wave ${wave.id}: ${wave.title} (${questionnaire.id} ${questionnaire.version}), ${wave.opens_at} – ${wave.closes_at}. Nothing is sent until: wave launch --wave ${wave.id}`);
    return 0;
  } finally {
    await cli.close();
  }
};

/** Run `act` on the wave of `--wave <id>` with the database open (closed afterwards); exit code 1 with a message when there is no such wave. */
async function onWave(io: Io, id: string, act: (cli: CliDatabase, wave: Wave, now: Date) => Promise<number>): Promise<number> {
  const cli = await openCliDatabase();
  try {
    const wave = await findWave(cli.db, id);
    if (!wave) {
      io.stderr(`No wave "${id}"\n`);
      return 1;
    }
    return await act(cli, wave, new Date());
  } finally {
    await cli.close();
  }
}

/**
 * `wave mark-test --wave <id> [--off] [--json]`: mark a wave as a test round, or as a real one again;
 * refused (exit 1, in Dutch) for a closed test wave that would become real. Audit-logged as a settings change.
 */
export const waveMarkTest: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { wave: { type: 'string' }, off: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
  if (!values.wave) throw new UsageError('wave mark-test: --wave <id> is required');
  return onWave(io, values.wave, async (cli, wave, now) => {
    try {
      await markTestWave(cli.context(now), wave, !values.off);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      io.stderr(`wave mark-test: ${error.message}\n`);
      return 1;
    }
    const after = (await findWave(cli.db, wave.id))!;
    print(io, values.json, waveSummary(after, now), () => `Wave ${after.id} (${after.title}) is ${after.is_test ? 'a test wave: never in a benchmark or trend' : 'a real wave'}.`);
    return 0;
  });
};

/** `wave list [--json]`: every wave with its state and number of participants. */
export const waveList: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
  const cli = await openCliDatabase();
  try {
    const now = new Date();
    const waves = (await listWavesWithParticipants(cli.db, null)).map((w) => waveSummary(w, now, w.participants));
    print(io, values.json, waves, () =>
      waves.length === 0
        ? 'No waves.'
        : waves
            .map((w) => `${w.id}  ${waveStateLabels[w.state].padEnd(9)} ${w.opens_at.slice(0, 10)} – ${w.closes_at.slice(0, 10)}  ${String(w.participants).padStart(6)}  ${w.title}${w.test ? ' [testronde]' : ''}`)
            .join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};

/**
 * `wave launch --wave <id> [--json]`: send a concept wave's invitations (from its opening moment on).
 * Refused with the checklist's open points, exit code 1.
 */
export const waveLaunch: Command = async (argv, io) => {
  const { values } = parseArgs({ args: argv, options: { wave: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.wave) throw new UsageError('wave launch: --wave <id> is required');
  return onWave(io, values.wave, async (cli, wave, now) => {
    const { open } = await checklistOf(cli.db, wave, now);
    try {
      const plan = await launchWave(cli.context(now), wave);
      const launched = (await findWave(cli.db, wave.id))!;
      print(io, values.json, { launched: true, wave: waveSummary(launched, now), invitations: plan.invitations, firstAt: plan.firstAt.toISOString(), immediately: plan.immediately }, () =>
        `Launched wave ${wave.id}: ${plan.invitations} invitation(s), the first ${plan.immediately ? 'with the next mail pass' : `at ${plan.firstAt.toISOString()} (the opening moment)`}.`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      print(io, values.json, { launched: false, code: error.code, message: error.message, open }, () =>
        open.length > 0 ? `Not launched: the wave is not ready.\n${open.map((p) => `  - ${p}`).join('\n')}` : `Not launched: ${error.message}`,
      );
      return 1;
    }
  });
};

/**
 * `wave copy --from <id> [--opens <date>] [--closes <date>] [--questionnaire <id>@<version>]
 * [--title …] [--no-participants] [--json]`: a concept wave based on an earlier one (its settings and
 * texts, its questionnaire in the latest comparable version, its participants without those who opted
 * out, bounced or were not eligible). Without dates, the earlier wave's a whole number of years later.
 */
export const waveCopy: Command = async (argv, io) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      opens: { type: 'string' },
      closes: { type: 'string' },
      questionnaire: { type: 'string' },
      title: { type: 'string' },
      'no-participants': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.from) throw new UsageError('wave copy: --from <id> is required');
  const cli = await openCliStore(io);
  if (!cli) return 1;
  try {
    const now = new Date();
    const source = await findWave(cli.db, values.from);
    if (!source) {
      io.stderr(`No wave "${values.from}"\n`);
      return 1;
    }
    const plan = await copyPlan(cli.db, source, now);
    const spec = values.questionnaire ?? (plan.suggested ? `${plan.suggested.id}@${plan.suggested.version}` : undefined);
    const questionnaire = spec ? await storedQuestionnaire(cli, spec) : undefined;
    if (!questionnaire) {
      io.stderr(`No questionnaire version ${spec ? `"${spec}"` : `of "${source.questionnaire_id}"`} in the store (see: questionnaire list)\n`);
      return 1;
    }
    const fields: WaveFormFields = {
      ...waveFormFields(source),
      title: values.title ?? `${source.title} (nieuwe ronde)`,
      opens: values.opens ?? dutchDay(plan.opens),
      closes: values.closes ?? dutchDay(plan.closes),
    };
    const result = parseWaveForm(fields, { now, isNew: true, questionnaire });
    if (!result.ok) return invalidOptions(io, 'wave copy', result.errors);
    const take = new Set(values['no-participants'] ? [] : plan.taken.map((p) => p.id));
    const secrets = createSecrets(resolveSecretKey(cli.config.secretKey, cli.config.databaseFile));
    const wave = await copyWave(cli.context(now), secrets, source, questionnaire, result.value, take);
    const left = plan.left.map((p) => ({ email: p.email, reason: p.reason }));
    print(io, values.json, { wave: waveSummary(wave, now, take.size), from: source.id, participants: take.size, left }, () =>
      [
        `Created concept wave ${wave.id} from ${source.id}: ${wave.title} (${questionnaire.id} ${questionnaire.version}), ${wave.opens_at} – ${wave.closes_at}, ${take.size} participant(s).`,
        ...(left.length ? ['Not taken over:', ...left.map((p) => `  ${p.email}: ${p.reason}`)] : []),
      ].join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
