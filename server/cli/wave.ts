/**
 * `wave create` and `wave list`: fieldwork rounds from the command line, checked by the same wave
 * form rules as the admin pages.
 */
import { parseArgs } from 'node:util';
import type { Wave } from '../db/database.js';
import {
  defaultInvitationSubject,
  defaultInvitationTemplate,
  defaultReminderSubject,
  defaultReminderTemplate,
} from '../domain/fieldwork/defaultTexts.js';
import { parseWaveForm } from '../domain/fieldwork/waveForm.js';
import { waveState } from '../domain/fieldwork/waveState.js';
import { formatFault } from '../domain/questionnaire/load.js';
import { loadQuestionnaireDir } from '../services/questionnaireFiles.js';
import { UsageError } from '../errors.js';
import { houseByIdOrName } from '../services/houses.js';
import { createWave, listWavesWithParticipants, reminderDaysOf } from '../services/waves.js';
import { openCliDatabase, print, type Command } from './io.js';

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
    anonymous: wave.anonymous === 1,
    allow_edit: wave.allow_edit === 1,
    reminder_days: reminderDaysOf(wave),
    sender_name: wave.sender_name,
    sender_organisation: wave.sender_organisation,
    sender_email: wave.sender_email,
    min_cell_size: wave.min_cell_size,
    retention_days: wave.retention_days,
    has_open_link: wave.open_link_hash !== null,
    created_at: wave.created_at,
    ...(participants === undefined ? {} : { participants }),
  };
}

function defaultSender(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  return host.includes('.') ? `noreply@${host}` : 'noreply@example.org';
}

/**
 * `wave create --questionnaire <id> --house <house id|exact name> [--opens <date>] --closes <date>
 * [--reminders 7,14,21] [--anonymous] [--allow-edit] [--title …] [--sender-name …] [--sender-organisation …] [--sender-email …]
 * [--min-cell-size 5] [--retention-days N] [--json]`
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
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.questionnaire) throw new UsageError('wave create: --questionnaire <id> is required');
  if (!values.house) throw new UsageError('wave create: --house <house id or name> is required');
  if (!values.closes) throw new UsageError('wave create: --closes <date> is required (YYYY-MM-DD)');
  const cli = await openCliDatabase();
  try {
    const { questionnaires, faults } = loadQuestionnaireDir(cli.config.questionnairesDir);
    if (faults.length > 0) {
      io.stderr(`Invalid questionnaire file(s):\n${faults.map(formatFault).join('\n')}\n`);
      return 1;
    }
    const questionnaire = questionnaires.find((q) => q.id === values.questionnaire);
    if (!questionnaire) {
      io.stderr(`No questionnaire "${values.questionnaire}" in ${cli.config.questionnairesDir} (known: ${questionnaires.map((q) => q.id).join(', ') || 'none'})\n`);
      return 1;
    }
    const house = await houseByIdOrName(cli.db, values.house);
    if (!house) {
      io.stderr(`No house "${values.house}": give a house id or exact name (house list), or create it with house create --name …\n`);
      return 1;
    }
    const now = new Date();
    const result = parseWaveForm(
      {
        title: values.title ?? `${questionnaire.title} – ${house.name}`,
        house: String(house.id),
        opens: values.opens ?? now.toISOString(),
        closes: values.closes,
        anonymous: values.anonymous ? 'on' : '',
        allowEdit: values['allow-edit'] ? 'on' : '',
        reminders: values.reminders,
        senderName: values['sender-name'] ?? house.name,
        senderOrganisation: values['sender-organisation'],
        senderEmail: values['sender-email'] ?? defaultSender(cli.config.baseUrl),
        invitationSubject: defaultInvitationSubject,
        invitationTemplate: defaultInvitationTemplate,
        reminderSubject: defaultReminderSubject,
        reminderTemplate: defaultReminderTemplate,
        minCellSize: values['min-cell-size'],
        retentionDays: values['retention-days'],
      },
      { now, isNew: true },
    );
    if (!result.ok) {
      const option: Record<string, string> = { allowEdit: 'allow-edit', senderName: 'sender-name', senderOrganisation: 'sender-organisation', senderEmail: 'sender-email', minCellSize: 'min-cell-size', retentionDays: 'retention-days' };
      const lines = Object.entries(result.errors).map(([field, message]) => `  --${option[field] ?? field}: ${message}`);
      io.stderr(`wave create: invalid options:\n${lines.join('\n')}\n`);
      return 2;
    }
    const wave = await createWave(cli.context(now), questionnaire, result.value);
    print(io, values.json, waveSummary(wave, now), () => `Created wave ${wave.id}: ${wave.title} (${questionnaire.id} ${questionnaire.version}), ${wave.opens_at} – ${wave.closes_at}`);
    return 0;
  } finally {
    await cli.close();
  }
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
        : waves.map((w) => `${w.id}  ${w.state.padEnd(9)} ${w.opens_at.slice(0, 10)} – ${w.closes_at.slice(0, 10)}  ${String(w.participants).padStart(6)}  ${w.title}`).join('\n'),
    );
    return 0;
  } finally {
    await cli.close();
  }
};
