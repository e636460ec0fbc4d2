/**
 * The one way into the audit log. Every use case that changes something a researcher answers for
 * (waves, participants, accounts, downloads of respondent data, mail decisions, purges, opt-outs)
 * calls audit() in the same transaction as the change. The entry names the actor, the action and
 * the wave it concerns; per-house access (issue 14) can add the house and before/after values here
 * without touching the call sites.
 */
import { insertAuditEntry } from '../db/repositories/auditLog.js';
import { actorLabel, type Context } from './context.js';
import { invalidateWaveResults } from './results.js';

export type AuditAction =
  | 'setup'
  | 'login'
  | 'login_failed'
  | 'user_created'
  | 'user_disabled'
  | 'user_enabled'
  | 'user_password_set'
  | 'wave_created'
  | 'wave_updated'
  | 'wave_questionnaire_refreshed'
  | 'wave_open_link_created'
  | 'wave_open_link_removed'
  | 'wave_purged'
  | 'participant_added'
  | 'participant_updated'
  | 'participant_removed'
  | 'participant_ineligible'
  | 'participant_eligible'
  | 'participant_bounced'
  | 'participant_reachable'
  | 'participants_imported'
  | 'participant.optout'
  | 'mail.unknown.resend'
  | 'mail.unknown.skip'
  | 'results.download';

export interface AuditEvent {
  action: AuditAction;
  /** The wave concerned; stored as `waveId` first in the details. */
  waveId?: string;
  details?: Record<string, unknown>;
}

/** Write an entry for the context's actor at the context's moment (use the transaction's context to make it part of a change). */
export async function audit(ctx: Context, event: AuditEvent): Promise<void> {
  await insertAuditEntry(ctx.db, {
    at: ctx.now,
    actor: actorLabel(ctx.actor),
    action: event.action,
    details: { ...(event.waveId === undefined ? {} : { waveId: event.waveId }), ...event.details },
  });
  // an audited change to a wave is a change to what its results pages show
  if (event.waveId !== undefined) invalidateWaveResults(event.waveId);
}
