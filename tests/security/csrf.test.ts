import { describe, expect, it } from 'vitest';
import { csrfTokens, sameToken } from '../../server/security/csrf.js';
import { createSecrets } from '../../server/security/secrets.js';

describe('CSRF tokens', () => {
  const secrets = createSecrets('a test key of at least thirty-two characters');

  it('accepts the token of its own subject and purpose only', () => {
    const respondent = csrfTokens(secrets, 'csrf-respondent');
    const token = respondent.token('subject-a');
    expect(token).toBe(secrets.sign('csrf-respondent', 'subject-a'));
    expect(respondent.check('subject-a', token)).toBe(true);
    expect(respondent.check('subject-b', token)).toBe(false);
    expect(csrfTokens(secrets, 'csrf-optout').check('subject-a', token)).toBe(false);
    expect(csrfTokens(createSecrets('another key of at least thirty-two characters'), 'csrf-respondent').check('subject-a', token)).toBe(false);
  });

  it('refuses missing, empty, non-string and truncated tokens', () => {
    const tokens = csrfTokens(secrets, 'csrf-pre');
    const token = tokens.token('nonce');
    for (const presented of [undefined, null, '', 42, [token], { value: token }, token.slice(0, -1), `${token}x`]) {
      expect(tokens.check('nonce', presented), JSON.stringify(presented)).toBe(false);
    }
  });

  it('is one signer per secret and purpose', () => {
    expect(csrfTokens(secrets, 'csrf-pre')).toBe(csrfTokens(secrets, 'csrf-pre'));
    expect(csrfTokens(secrets, 'csrf-pre')).not.toBe(csrfTokens(secrets, 'csrf-optout'));
  });

  it('compares tokens of different lengths without throwing', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'a')).toBe(false);
  });
});
