import { describe, expect, it } from 'vitest';
import { createSecrets } from '../../server/security/secrets.js';
import { hashToken, invitationToken, isTokenShaped, optOutToken, randomToken, verifyOptOutToken } from '../../server/security/tokens.js';

describe('tokens', () => {
  const secrets = createSecrets('a test key of at least thirty-two characters');

  it('makes 256-bit base64url tokens and stores their sha256', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(isTokenShaped(token)).toBe(true);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('looks up nothing that cannot be a token', () => {
    for (const text of ['', 'kort', "x' or 1=1 --", 'a'.repeat(101), `${'a'.repeat(30)}/`]) expect(isTokenShaped(text), text).toBe(false);
  });

  it('derives the invitation token from its nonce with the secret', () => {
    expect(invitationToken(secrets, 'nonce')).toBe(invitationToken(secrets, 'nonce'));
    expect(invitationToken(secrets, 'nonce')).not.toBe(invitationToken(createSecrets('another key of at least thirty-two characters'), 'nonce'));
  });

  it('signs the participant id in the opt-out token and rejects any change to it', () => {
    const token = optOutToken(secrets, 42);
    expect(verifyOptOutToken(secrets, token)).toBe(42);
    expect(verifyOptOutToken(secrets, token.replace(/^42\./, '43.'))).toBeNull();
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyOptOutToken(secrets, altered)).toBeNull();
    expect(verifyOptOutToken(secrets, '0.x')).toBeNull();
    expect(verifyOptOutToken(secrets, invitationToken(secrets, 'nonce'))).toBeNull();
  });
});
