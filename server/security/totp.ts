/**
 * Time-based one-time passwords (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) with otplib,
 * the enrolment QR code drawn on the server as SVG (no external service sees the secret), and
 * single-use recovery codes.
 */
import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { Secrets } from './secrets.js';

export const TOTP_PERIOD = 30;
/** Codes of the step before and after the current one are accepted too (a phone's clock drifts). */
const TOLERANCE_SECONDS = TOTP_PERIOD;
const SECRET_PURPOSE = 'totp-secret';
const RECOVERY_PURPOSE = 'recovery-code';

/** A fresh base32 secret of 160 bits (RFC 4226's recommended length). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The secret as stored: encrypted with the server key. */
export function sealTotpSecret(secrets: Secrets, secret: string): string {
  return secrets.encrypt(SECRET_PURPOSE, secret);
}

/** The stored secret decrypted, or null when it cannot be (another server key). */
export function openTotpSecret(secrets: Secrets, sealed: string): string | null {
  return secrets.decrypt(SECRET_PURPOSE, sealed);
}

/** The otpauth:// address an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: string, issuer: string): string {
  return generateURI({ issuer, label: account, secret, period: TOTP_PERIOD });
}

/** The QR code of the address as an SVG document (text; no scripts, no external references). */
export async function qrSvg(text: string): Promise<string> {
  // loaded when a code is first set up, not at every start (qrcode and pngjs are some 60 files)
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * Check a 6-digit code at `now`; the time step it belongs to when valid (store it: a code of that
 * step or an earlier one is never accepted again), else null.
 */
export async function checkTotp(secret: string, code: string, now: Date): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epoch: Math.floor(now.getTime() / 1000), period: TOTP_PERIOD, epochTolerance: TOLERANCE_SECONDS });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten recovery codes of 12 characters (about 58 bits each), shown as xxxx-xxxx-xxxx. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** A recovery code as stored: keyed with the server secret, so the database alone cannot be searched for it. */
export function hashRecoveryCode(secrets: Secrets, code: string): string {
  return secrets.sign(RECOVERY_PURPOSE, code.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Whether what was typed looks like a recovery code rather than a 6-digit code. */
export function looksLikeRecoveryCode(code: string): boolean {
  return code.replace(/[^A-Za-z0-9]/g, '').length === 12;
}
