/**
 * Two-factor login: enrolment (a new secret, its QR code, confirmation with a first code, ten
 * recovery codes shown once), the second step of a login (a code or an unused recovery code; wrong
 * codes count towards the login limit), renewing recovery codes, switching it off where the grants
 * allow, and a reset by a landelijk onderzoeker for someone who lost their phone and codes.
 */
import { transaction } from '../db/connection.js';
import type { SessionUser, User } from '../db/database.js';
import { deleteUserSessions } from '../db/repositories/sessions.js';
import { claimTotpStep, clearTotp, countRecoveryCodes, enableTotp, findUser, replaceRecoveryCodes, setPendingTotpSecret, useRecoveryCode } from '../db/repositories/users.js';
import { accountNotFound, twoFactorStillRequired } from '../errors.js';
import type { Secrets } from '../security/secrets.js';
import {
  checkTotp,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  openTotpSecret,
  qrSvg,
  sealTotpSecret,
  totpUri,
} from '../security/totp.js';
import { twoFactorRequired } from './access.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';

/** The name authenticator apps show beside the account. */
export const TOTP_ISSUER = 'Enquête Veiligheidshuizen';

export interface Enrolment {
  /** The secret in base32, to type in when the QR code cannot be scanned. */
  secret: string;
  uri: string;
  /** The QR code as an SVG document. */
  qrSvg: string;
}

async function account(ctx: Context, userId: number): Promise<User> {
  const user = await findUser(ctx.db, userId);
  if (!user) throw accountNotFound();
  return user;
}

/**
 * Start (or restart) enrolment: a new secret is stored encrypted, not yet active. Null when two-factor
 * login is on already (switch it off or reset it first).
 */
export async function beginEnrolment(ctx: Context, secrets: Secrets, user: Pick<SessionUser, 'id' | 'email'>): Promise<Enrolment | null> {
  const secret = newTotpSecret();
  if (!(await setPendingTotpSecret(ctx.db, user.id, sealTotpSecret(secrets, secret)))) return null;
  const uri = totpUri(secret, user.email, TOTP_ISSUER);
  return { secret, uri, qrSvg: await qrSvg(uri) };
}

/** The enrolment started earlier (to show the QR code again after a wrong code), or null. */
export async function pendingEnrolment(ctx: Context, secrets: Secrets, user: Pick<SessionUser, 'id' | 'email'>): Promise<Enrolment | null> {
  const stored = await account(ctx, user.id);
  if (stored.totp_enabled_at || !stored.totp_secret) return null;
  const secret = openTotpSecret(secrets, stored.totp_secret);
  if (!secret) return null;
  const uri = totpUri(secret, user.email, TOTP_ISSUER);
  return { secret, uri, qrSvg: await qrSvg(uri) };
}

/**
 * Confirm enrolment with a code from the app: two-factor login is on and ten new recovery codes are
 * returned (shown once; only their HMACs are stored). Null when the code is wrong. Audit-logged.
 */
export async function confirmEnrolment(ctx: Context, secrets: Secrets, userId: number, code: string): Promise<string[] | null> {
  const stored = await account(ctx, userId);
  const secret = stored.totp_secret && !stored.totp_enabled_at ? openTotpSecret(secrets, stored.totp_secret) : null;
  if (!secret) return null;
  const step = await checkTotp(secret, code, ctx.now);
  if (step === null) return null;
  const codes = newRecoveryCodes();
  const done = await transaction(ctx.db, async (trx) => {
    if (!(await enableTotp(trx, userId, step, ctx.now))) return false;
    await replaceRecoveryCodes(trx, userId, codes.map((c) => hashRecoveryCode(secrets, c)));
    await audit(within(ctx, trx), { action: 'two_factor_enabled', details: { userId } });
    return true;
  });
  return done ? codes : null;
}

/**
 * The second step of a login: a current code from the app (never one already used) or an unused
 * recovery code (then used up). Which one was used, or null when neither is right.
 */
export async function checkSecondFactor(ctx: Context, secrets: Secrets, userId: number, code: string): Promise<'code' | 'recovery-code' | null> {
  const stored = await account(ctx, userId);
  if (!stored.totp_enabled_at || !stored.totp_secret) return null;
  if (looksLikeRecoveryCode(code)) {
    const used = await useRecoveryCode(ctx.db, userId, hashRecoveryCode(secrets, code), ctx.now);
    if (!used) return null;
    await audit(ctx, { action: 'recovery_code_used', details: { userId, left: await countRecoveryCodes(ctx.db, userId) } });
    return 'recovery-code';
  }
  const secret = openTotpSecret(secrets, stored.totp_secret);
  const step = secret ? await checkTotp(secret, code, ctx.now) : null;
  if (step === null) return null;
  return (await claimTotpStep(ctx.db, userId, step)) ? 'code' : null;
}

/** Ten new recovery codes (the old ones stop working); shown once. Audit-logged. */
export async function renewRecoveryCodes(ctx: Context, secrets: Secrets, user: SessionUser): Promise<string[]> {
  const codes = newRecoveryCodes();
  await transaction(ctx.db, async (trx) => {
    await replaceRecoveryCodes(trx, user.id, codes.map((c) => hashRecoveryCode(secrets, c)));
    await audit(within(ctx, trx), { action: 'recovery_codes_renewed', details: { userId: user.id } });
  });
  return codes;
}

/** How many unused recovery codes the user has left. */
export async function recoveryCodesLeft(ctx: Context, userId: number): Promise<number> {
  return countRecoveryCodes(ctx.db, userId);
}

/** Switch two-factor login off for oneself: only when the grants do not require it. Audit-logged. */
export async function disableTwoFactor(ctx: Context, user: SessionUser, evaluators: 'required' | 'optional'): Promise<void> {
  if (twoFactorRequired(user.grants, evaluators)) throw twoFactorStillRequired();
  await transaction(ctx.db, async (trx) => {
    await clearTotp(trx, user.id);
    await audit(within(ctx, trx), { action: 'two_factor_disabled', details: { userId: user.id } });
  });
}

/** A landelijk onderzoeker wipes someone's two-factor login (lost phone and codes): they enrol again at their next login; their sessions end. */
export async function resetTwoFactor(ctx: Context, target: Pick<User, 'id' | 'email'>): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    await clearTotp(trx, target.id);
    const sessions = await deleteUserSessions(trx, target.id);
    await audit(within(ctx, trx), { action: 'two_factor_reset', details: { userId: target.id, email: target.email, sessionsEnded: sessions } });
  });
}
