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

/** A personal link's path and token: /r/<token>, /o/<token>, /optout/<id>.<signature>. */
const PERSONAL_LINK = /(\/(?:r|o|optout)\/)([A-Za-z0-9_-][A-Za-z0-9_.-]{15,})/g;

/**
 * The text with the token of every personal link (survey, open link, opt-out) cut to its first four
 * characters and "…": a stored copy shows where a link was and that reminders repeat it, but opening
 * it leads nowhere. (Whoever holds the server secret can derive the links again from the database.)
 */
export function maskPersonalLinks(text: string): string {
  return text.replace(PERSONAL_LINK, (_, path: string, token: string) => `${path}${token.slice(0, 4)}…`);
}
