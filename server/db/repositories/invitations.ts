import { randomBytes } from 'node:crypto';
import type { Secrets } from '../../plugins/secrets.js';
import { hashToken } from '../../plugins/secrets.js';
import type { Db } from '../connection.js';
import type { Invitation } from '../database.js';

/**
 * An invitation token is derived from a random 256-bit nonce with the server secret, so the link can
 * be repeated in reminders while the database holds only the nonce and the token's hash: a copy of
 * the database alone does not yield working links.
 */
export function invitationToken(secrets: Secrets, nonce: string): string {
  return secrets.sign('invitation', nonce);
}

/** Create the invitation of a participant; returns it with its token. */
export async function createInvitation(
  db: Db,
  secrets: Secrets,
  waveId: string,
  participantId: number,
  now: Date,
): Promise<{ invitation: Invitation; token: string }> {
  const nonce = randomBytes(32).toString('base64url');
  const token = invitationToken(secrets, nonce);
  const invitation = await db
    .insertInto('invitations')
    .values({
      wave_id: waveId,
      participant_id: participantId,
      token_nonce: nonce,
      token_hash: hashToken(token),
      completed_at: null,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { invitation, token };
}

/** Look an invitation up by the token presented in a link (by its hash: no timing on the token itself). */
export async function findInvitationByToken(db: Db, token: string): Promise<Invitation | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
}
