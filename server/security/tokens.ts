/**
 * Tokens in links and cookies: random values, the sha256 under which they are stored and looked up,
 * and the tokens derived with the server secret (invitation links, opt-out links).
 */
import { hash, randomBytes } from 'node:crypto';
import type { Secrets } from './secrets.js';

/** sha256 as hex: how tokens are stored and looked up. */
export function hashToken(token: string): string {
  // the one-shot hash (Node 20.12+) skips building a Hash object: every respondent request hashes its token
  return hash('sha256', token, 'hex');
}

/** A fresh random token with 256 bits of entropy, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Whether a presented token can be one of ours (base64url of a sensible length): anything else is not looked up. */
export function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{20,100}$/.test(token);
}

/**
 * An invitation token is derived from a random 256-bit nonce with the server secret, so the link can
 * be repeated in reminders while the database holds only the nonce and the token's hash: a copy of
 * the database alone does not yield working links.
 */
export function invitationToken(secrets: Secrets, nonce: string): string {
  return secrets.sign('invitation', nonce);
}

/**
 * The opt-out token, `<participantId>.<signature>`: a different secret from the survey token, because
 * the one-click unsubscribe URL is posted by mail providers from their own servers and must not hand
 * them access to the survey. Signed, it needs no storage and cannot be guessed or altered.
 */
export function optOutToken(secrets: Secrets, participantId: number): string {
  return `${participantId}.${secrets.sign('optout', String(participantId))}`;
}

/** The participant id of a genuine opt-out token, or null. */
export function verifyOptOutToken(secrets: Secrets, token: string): number | null {
  const match = /^([1-9]\d{0,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  return secrets.verify('optout', match[1]!, match[2]) ? Number(match[1]) : null;
}

/**
 * The link of a test mail, `<waveId>.<expiry day>.<signature>`: it opens the preview of the wave's
 * questionnaire until the end of that day (UTC) and needs no storage, so sending a test stores
 * nothing in the wave. Signed, it cannot be made for another wave or a later day.
 */
export function previewLinkToken(secrets: Secrets, waveId: string, expires: Date): string {
  const day = Math.floor(expires.getTime() / 86_400_000);
  return `${waveId}.${day}.${secrets.sign('preview-link', `${waveId}.${day}`)}`;
}

/** The wave id of a genuine test-mail link token that has not expired at `now`, or null. */
export function verifyPreviewLinkToken(secrets: Secrets, token: string, now: Date): string | null {
  const match = /^([A-Za-z0-9]{1,40})\.(\d{1,7})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, waveId, day] = match;
  if (!secrets.verify('preview-link', `${waveId}.${day}`, match[3])) return null;
  return now.getTime() < (Number(day) + 1) * 86_400_000 ? waveId! : null;
}
