/**
 * Opting out of mail about a wave through the signed link in every message (server/security/tokens.ts):
 * finding whom a link belongs to, and recording the opt-out once, with its audit entry.
 */
import { transaction, type Db } from '../db/connection.js';
import { findOptOutTarget, setOptedOut } from '../db/repositories/participants.js';
import { unknownOptOutLink } from '../errors.js';
import type { Secrets } from '../security/secrets.js';
import { verifyOptOutToken } from '../security/tokens.js';
import { audit } from './audit.js';
import { within, type Context } from './context.js';

export type OptOutTarget = NonNullable<Awaited<ReturnType<typeof findOptOutTarget>>>;

/** The participant (with the wave's title, house and sender) of a genuine opt-out token, or 404. */
export async function optOutTarget(db: Db, secrets: Secrets, token: string): Promise<OptOutTarget> {
  const participantId = verifyOptOutToken(secrets, token);
  const target = participantId === null ? undefined : await findOptOutTarget(db, participantId);
  if (!target) throw unknownOptOutLink();
  return target;
}

/** Opt the participant out (by the confirmation form or a mail provider's one-click POST); a second time changes nothing. */
export async function optOut(ctx: Context, target: OptOutTarget, via: 'form' | 'one-click'): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    if (await setOptedOut(trx, target.id, ctx.now)) {
      await audit(within(ctx, trx), { action: 'participant.optout', waveId: target.wave_id, details: { participantId: target.id, via } });
    }
  });
}
