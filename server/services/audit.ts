/**
 * The one way into the audit log. Every use case that changes something a researcher answers for
 * (waves, participants, accounts and grants, houses, downloads of respondent data, mail decisions,
 * purges, opt-outs, logins and two-factor changes, the redaction and coding of open answers) calls
 * audit() in the same transaction as the change. The log is append-only: the database refuses
 * updates and deletes (triggers).
 *
 * An entry names the actor (and their account id), the action, the wave and the house it concerns
 * (an entry with a wave gets that wave's house), and details. A change of settings records
 * `details.changes` as `{ <field>: { before, after } }` (see changes()); the audit page shows that
 * shape as "veld: voor → na", so every use case that changes settings should use it.
 */
import type { Db } from '../db/connection.js';
import { auditPage, insertAuditEntry, type AuditFilter, type AuditListRow } from '../db/repositories/auditLog.js';
import { findWave } from '../db/repositories/waves.js';
import { actorLabel, type Context } from './context.js';
import { invalidateWaveResults } from './results.js';

export const AUDIT_ACTIONS = {
  setup: 'eerste account aangemaakt',
  login: 'ingelogd',
  login_failed: 'inloggen mislukt',
  logout_everywhere: 'overal uitgelogd',
  two_factor_enabled: 'tweestapsverificatie aangezet',
  two_factor_disabled: 'tweestapsverificatie uitgezet',
  two_factor_reset: 'tweestapsverificatie gewist door beheerder',
  recovery_code_used: 'herstelcode gebruikt',
  recovery_codes_renewed: 'nieuwe herstelcodes',
  password_changed: 'eigen wachtwoord gewijzigd',
  user_created: 'account aangemaakt',
  user_disabled: 'account geblokkeerd',
  user_enabled: 'account gedeblokkeerd',
  user_password_set: 'wachtwoord ingesteld',
  grant_added: 'recht gegeven',
  grant_removed: 'recht ingetrokken',
  house_created: 'huis aangemaakt',
  house_updated: 'huis gewijzigd',
  house_merged: 'huizen samengevoegd',
  wave_created: 'ronde aangemaakt',
  round_created: 'landelijke ronde aangemaakt',
  wave_updated: 'ronde gewijzigd',
  wave_questionnaire_refreshed: 'vragenlijst van ronde bijgewerkt',
  wave_questionnaire_chosen: 'vragenlijstversie van ronde gekozen',
  wave_launched: 'uitnodigingen verstuurd (ronde gestart)',
  wave_deleted: 'ronde verwijderd',
  wave_copied: 'nieuwe ronde op basis van een eerdere',
  wave_test_mail: 'testbericht verstuurd',
  wave_open_link_created: 'open link gemaakt',
  wave_open_link_removed: 'open link verwijderd',
  wave_purged: 'persoonsgegevens verwijderd (bewaartermijn)',
  wave_sealed: 'anonieme ronde na sluiting verzegeld (concepten gewist, bestand herschreven)',
  questionnaire_version_added: 'vragenlijstversie toegevoegd',
  questionnaire_version_replaced: 'vragenlijstversie vervangen (door geen ronde gebruikt)',
  review_link_created: 'bekijklink gemaakt',
  review_link_withdrawn: 'bekijklink ingetrokken',
  participant_added: 'deelnemer toegevoegd',
  participant_updated: 'deelnemer gewijzigd',
  participant_removed: 'deelnemer verwijderd',
  participant_ineligible: 'deelnemer niet in aanmerking',
  participant_eligible: 'deelnemer weer in aanmerking',
  participant_bounced: 'deelnemer onbereikbaar (bounce)',
  participant_reachable: 'deelnemer weer bereikbaar',
  participants_imported: 'deelnemers geïmporteerd',
  'participant.optout': 'deelnemer afgemeld',
  'mail.unknown.resend': 'mail opnieuw versturen',
  'mail.unknown.skip': 'mail overslaan',
  'results.download': 'download',
  'open_answer.hidden': 'open antwoord helemaal afgeschermd',
  'open_answer.redacted': 'open antwoord ingekort',
  'open_answer.restored': 'open antwoord weer zoals gegeven',
  'open_answer.category_added': 'categorie voor open antwoorden toegevoegd',
  'open_answer.category_removed': 'categorie voor open antwoorden verwijderd',
  'open_answer.coded': 'open antwoorden ingedeeld',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The kinds the audit page filters on, each a group of actions. */
export const AUDIT_KINDS = {
  logins: { label: 'Inloggen', actions: ['setup', 'login', 'login_failed', 'logout_everywhere'] },
  twoFactor: { label: 'Tweestapsverificatie', actions: ['two_factor_enabled', 'two_factor_disabled', 'two_factor_reset', 'recovery_code_used', 'recovery_codes_renewed'] },
  accounts: { label: 'Accounts en rechten', actions: ['password_changed', 'user_created', 'user_disabled', 'user_enabled', 'user_password_set', 'grant_added', 'grant_removed'] },
  houses: { label: 'Huizen', actions: ['house_created', 'house_updated', 'house_merged'] },
  waves: {
    label: 'Rondes',
    actions: [
      'round_created',
      'wave_created',
      'wave_updated',
      'wave_questionnaire_refreshed',
      'wave_questionnaire_chosen',
      'wave_launched',
      'wave_deleted',
      'wave_copied',
      'wave_test_mail',
      'wave_open_link_created',
      'wave_open_link_removed',
    ],
  },
  questionnaires: {
    label: 'Vragenlijsten',
    actions: ['questionnaire_version_added', 'questionnaire_version_replaced', 'review_link_created', 'review_link_withdrawn'],
  },
  participants: {
    label: 'Deelnemers en mail',
    actions: [
      'participant_added',
      'participant_updated',
      'participant_removed',
      'participant_ineligible',
      'participant_eligible',
      'participant_bounced',
      'participant_reachable',
      'participants_imported',
      'participant.optout',
      'mail.unknown.resend',
      'mail.unknown.skip',
    ],
  },
  openAnswers: {
    label: 'Open antwoorden (afschermen en indelen)',
    actions: ['open_answer.hidden', 'open_answer.redacted', 'open_answer.restored', 'open_answer.category_added', 'open_answer.category_removed', 'open_answer.coded'],
  },
  downloads: { label: 'Downloads van ruwe data', actions: ['results.download'] },
  purges: { label: 'Verzegelen en verwijderen na bewaartermijn', actions: ['wave_sealed', 'wave_purged'] },
} as const satisfies Record<string, { label: string; actions: readonly AuditAction[] }>;

export type AuditKind = keyof typeof AUDIT_KINDS;

export interface AuditEvent {
  action: AuditAction;
  /** The wave concerned; stored as `waveId` first in the details and in its own column. */
  waveId?: string;
  /** The house concerned; an entry with a wave gets the wave's house when this is not given. */
  houseId?: number;
  details?: Record<string, unknown>;
}

/** Longest text kept whole in an entry's before and after (an e-mail text can have 20,000 characters). */
const AUDIT_TEXT = 500;

function kept(value: unknown): unknown {
  return typeof value === 'string' && value.length > AUDIT_TEXT ? `${value.slice(0, AUDIT_TEXT)}… (${value.length} tekens)` : value;
}

/** Before and after of the fields that differ (long texts shortened), in the shape the audit page shows (`details.changes`). */
export function changes<T extends Record<string, unknown>>(before: T, after: Partial<T>, fields: ReadonlyArray<keyof T & string>): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of fields) {
    if (!(field in after)) continue;
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) out[field] = { before: kept(before[field]), after: kept(after[field]) };
  }
  return out;
}

/** Write an entry for the context's actor at the context's moment (use the transaction's context to make it part of a change). */
export async function audit(ctx: Context, event: AuditEvent): Promise<void> {
  const houseId = event.houseId ?? (event.waveId === undefined ? undefined : (await findWave(ctx.db, event.waveId))?.house_id);
  await insertAuditEntry(ctx.db, {
    at: ctx.now,
    actor: actorLabel(ctx.actor),
    userId: 'user' in ctx.actor ? ctx.actor.user.id : null,
    action: event.action,
    waveId: event.waveId ?? null,
    houseId: houseId ?? null,
    details: { ...(event.waveId === undefined ? {} : { waveId: event.waveId }), ...event.details },
  });
  // an audited change to a wave is a change to what its results pages show; a download only reads them
  if (event.waveId !== undefined && !AUDIT_KINDS.downloads.actions.some((a) => a === event.action)) invalidateWaveResults(event.waveId);
}

/** A page of the audit log, newest first, filtered (user, house, kind, period); for the national team's page and `audit list`. */
export async function auditEntries(db: Db, filter: AuditFilter & { kind?: AuditKind }, page: { limit: number; offset: number }): Promise<{ total: number; rows: AuditListRow[] }> {
  const actions = filter.kind ? AUDIT_KINDS[filter.kind].actions : filter.actions;
  return auditPage(db, { ...filter, actions }, page);
}
