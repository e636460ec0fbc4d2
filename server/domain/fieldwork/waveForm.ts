/**
 * The settings of a wave as entered on the wave form or the command line, checked into the values
 * the waves table stores. One function for both, so the page and the CLI accept the same things.
 */
import type { MailTexts } from '../questionnaire/schema.js';
import { dutchDay } from '../format/nl.js';
import { matchDefaultToAnonymity } from './defaultTexts.js';
import { isValidEmail } from './participantsCsv.js';
import { checkTemplate } from './templateCheck.js';
import { parseWaveMoment } from './waveDates.js';

/** The fields of the wave form (all text, as a form posts them). */
export interface WaveFormFields {
  title?: string;
  /** The house's id. */
  house?: string;
  opens?: string;
  closes?: string;
  anonymous?: string;
  allowEdit?: string;
  reminders?: string;
  senderName?: string;
  senderOrganisation?: string;
  senderEmail?: string;
  invitationSubject?: string;
  invitationTemplate?: string;
  reminderSubject?: string;
  reminderTemplate?: string;
  minCellSize?: string;
  retentionDays?: string;
  /** A test round (Testronde): never pooled in a benchmark or a trend. */
  test?: string;
}

export interface WaveSettings {
  title: string;
  house_id: number;
  opens_at: string;
  closes_at: string;
  anonymous: 0 | 1;
  allow_edit: 0 | 1;
  /** JSON array text, ascending. */
  reminder_days: string;
  sender_name: string;
  sender_organisation: string;
  sender_email: string;
  invitation_subject: string;
  invitation_template: string;
  reminder_subject: string;
  reminder_template: string;
  min_cell_size: number;
  retention_days: number | null;
  /** A test round: never pooled in a benchmark, a trend or a national overview. */
  is_test: 0 | 1;
}

/** The form fields of stored wave settings (to edit them, or to start a new round from them). */
export function waveFormFields(wave: Omit<WaveSettings, 'opens_at' | 'closes_at'> & { opens_at: string; closes_at: string }): WaveFormFields {
  return {
    title: wave.title,
    house: String(wave.house_id),
    opens: dutchDay(wave.opens_at),
    closes: dutchDay(wave.closes_at),
    anonymous: wave.anonymous ? 'on' : '',
    allowEdit: wave.allow_edit ? 'on' : '',
    reminders: (JSON.parse(wave.reminder_days) as number[]).join(', '),
    senderName: wave.sender_name,
    senderOrganisation: wave.sender_organisation,
    senderEmail: wave.sender_email,
    invitationSubject: wave.invitation_subject,
    invitationTemplate: wave.invitation_template,
    reminderSubject: wave.reminder_subject,
    reminderTemplate: wave.reminder_template,
    minCellSize: String(wave.min_cell_size),
    retentionDays: wave.retention_days === null ? '' : String(wave.retention_days),
    test: wave.is_test ? 'on' : '',
  };
}

export type WaveFormResult = { ok: true; value: WaveSettings } | { ok: false; errors: Record<string, string> };

const checked = (v: string | undefined) => v === 'on' || v === '1' || v === 'true' || v === 'ja';

/** "7, 14, 21" → [7, 14, 21]; null when not a list of distinct whole days 1–365. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const days = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 365)) return null;
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length !== days.length || sorted.length > 10) return null;
  return sorted;
}

function intField(text: string | undefined, min: number, max: number): number | null | undefined {
  const t = (text ?? '').trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
}

/**
 * Check the form. `lockedAnonymous` (a wave that has opened) keeps the stored anonymity whatever
 * the form says: a promise of anonymity made to respondents cannot be withdrawn.
 */
export function parseWaveForm(
  fields: WaveFormFields,
  options: { now: Date; lockedAnonymous?: 0 | 1; isNew: boolean; questionnaire?: { mailTexts?: MailTexts } },
): WaveFormResult {
  const errors: Record<string, string> = {};
  const text = (key: keyof WaveFormFields, label: string, max = 200): string => {
    const value = (fields[key] ?? '').trim();
    if (value === '') errors[key] = `Vul ${label} in.`;
    else if (value.length > max) errors[key] = `Maximaal ${max} tekens.`;
    return value;
  };
  const title = text('title', 'een titel');
  const houseText = (fields.house ?? '').trim();
  const houseId = /^\d{1,12}$/.test(houseText) ? Number(houseText) : null;
  if (houseId === null) errors.house = 'Kies een Veiligheidshuis.';
  const opens = parseWaveMoment(fields.opens ?? '', 'start');
  if (!opens) errors.opens = 'Vul een geldige datum in (jjjj-mm-dd).';
  const closes = parseWaveMoment(fields.closes ?? '', 'end');
  if (!closes) errors.closes = 'Vul een geldige datum in (jjjj-mm-dd).';
  else if (opens && closes.getTime() <= opens.getTime()) errors.closes = 'De sluitingsdatum moet na de openingsdatum liggen.';
  else if (options.isNew && closes.getTime() <= options.now.getTime()) errors.closes = 'De sluitingsdatum ligt in het verleden.';

  const anonymous: 0 | 1 = options.lockedAnonymous ?? (checked(fields.anonymous) ? 1 : 0);
  const allowEdit: 0 | 1 = checked(fields.allowEdit) ? 1 : 0;
  if (allowEdit && anonymous) errors.allowEdit = 'Antwoorden achteraf wijzigen kan alleen in een niet-anonieme ronde.';

  const reminders = parseReminderDays(fields.reminders ?? '');
  if (!reminders) errors.reminders = 'Geef dagen na de uitnodiging als hele getallen van 1 tot 365, gescheiden door komma’s (bijvoorbeeld 7, 14, 21; hoogstens 10).';

  const senderName = text('senderName', 'de naam van de afzender');
  const senderOrganisation = (fields.senderOrganisation ?? '').trim();
  if (senderOrganisation.length > 200) errors.senderOrganisation = 'Maximaal 200 tekens.';
  const senderEmail = (fields.senderEmail ?? '').trim().toLowerCase();
  if (!isValidEmail(senderEmail)) errors.senderEmail = 'Vul een geldig e-mailadres in.';

  const template = (key: keyof WaveFormFields, kind: 'subject' | 'body') => {
    const value = (fields[key] ?? '').replace(/\r\n?/g, '\n');
    const problem =
      kind === 'subject'
        ? checkTemplate(value, { singleLine: true }) ?? (value.length > 300 ? 'Het onderwerp is te lang (maximaal 300 tekens).' : null)
        : checkTemplate(value, { required: ['link', 'optOutLink'] }) ?? (value.length > 20000 ? 'De tekst is te lang.' : null);
    if (problem) errors[key] = problem;
    return kind === 'subject' ? value.trim() : value;
  };
  const invitationSubject = template('invitationSubject', 'subject');
  const invitationTemplate = template('invitationTemplate', 'body');
  const reminderSubject = template('reminderSubject', 'subject');
  const reminderTemplate = template('reminderTemplate', 'body');

  const minCellSize = intField(fields.minCellSize, 1, 1000);
  if (minCellSize === null) errors.minCellSize = 'Geef een heel getal van 1 tot 1000.';
  const retentionDays = intField(fields.retentionDays, 1, 36500);
  if (retentionDays === null) errors.retentionDays = 'Geef een aantal dagen (1 of meer), of laat het veld leeg.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      title,
      house_id: houseId!,
      opens_at: opens!.toISOString(),
      closes_at: closes!.toISOString(),
      anonymous,
      allow_edit: allowEdit,
      reminder_days: JSON.stringify(reminders),
      sender_name: senderName,
      sender_organisation: senderOrganisation,
      sender_email: senderEmail,
      invitation_subject: invitationSubject,
      invitation_template: matchDefaultToAnonymity(invitationTemplate, 'invitation', anonymous === 1, options.questionnaire),
      reminder_subject: reminderSubject,
      reminder_template: matchDefaultToAnonymity(reminderTemplate, 'reminder', anonymous === 1, options.questionnaire),
      min_cell_size: minCellSize ?? 5,
      retention_days: retentionDays ?? null,
      is_test: checked(fields.test) ? 1 : 0,
    },
  };
}
