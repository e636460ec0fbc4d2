/**
 * The addresses a message carries: the personal survey link (derived again from the invitation's
 * nonce, so reminders repeat it), the opt-out link (server/security/tokens.ts) and a deterministic
 * Message-ID per job.
 */
import { invitationToken, optOutToken } from '../security/tokens.js';
import type { Secrets } from '../security/secrets.js';

/** https://…/r/<token> */
export function surveyLink(baseUrl: string, secrets: Secrets, tokenNonce: string): string {
  return `${baseUrl}/r/${invitationToken(secrets, tokenNonce)}`;
}

/** https://…/optout/<token> */
export function optOutLink(baseUrl: string, secrets: Secrets, participantId: number): string {
  return `${baseUrl}/optout/${optOutToken(secrets, participantId)}`;
}

/**
 * One Message-ID per job, the same on every attempt, so a copy that might arrive twice (after a
 * researcher chose to resend a message of unknown fate) can be recognised downstream.
 */
export function jobMessageId(baseUrl: string, jobId: number, waveId: string): string {
  return `<job-${jobId}.${waveId}@${new URL(baseUrl).hostname}>`;
}
