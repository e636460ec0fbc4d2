/**
 * The addresses a message carries: the personal survey link (derived again from the invitation's
 * nonce, so reminders repeat it), the opt-out link and a deterministic Message-ID per job.
 *
 * The opt-out token is a different secret from the survey token: the one-click unsubscribe URL is
 * posted by mail providers from their own servers, and must not hand them access to the survey.
 * It is the participant id signed with the server secret, so it needs no storage and cannot be
 * guessed or altered.
 */
import { invitationToken } from '../db/repositories/invitations.js';
import type { Secrets } from '../plugins/secrets.js';

/** https://…/r/<token> */
export function surveyLink(baseUrl: string, secrets: Secrets, tokenNonce: string): string {
  return `${baseUrl}/r/${invitationToken(secrets, tokenNonce)}`;
}

/** `<participantId>.<signature>` */
export function optOutToken(secrets: Secrets, participantId: number): string {
  return `${participantId}.${secrets.sign('optout', String(participantId))}`;
}

/** The participant id of a genuine opt-out token, or null. */
export function verifyOptOutToken(secrets: Secrets, token: string): number | null {
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  return secrets.verify('optout', match[1]!, match[2]) ? Number(match[1]) : null;
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
