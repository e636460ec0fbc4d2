/**
 * CSRF tokens: an HMAC of a subject (an admin session's pre-login nonce, an invitation's token hash,
 * an open-link draft id, an opt-out token's hash) under a purpose, checked in constant time. The
 * signature of a subject never changes, so the expected values are kept (bounded) per secret and
 * purpose: every respondent page GET signs its subject and every POST checks it again.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Secrets } from './secrets.js';

/** Constant-time equality of a presented token and the expected one. */
export function sameToken(presented: string, expected: string): boolean {
  const x = Buffer.from(presented);
  const y = Buffer.from(expected);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface CsrfTokens {
  /** The token to put in the hidden `_csrf` field of a form about `subject`. */
  token(subject: string): string;
  /** Whether `presented` (a form field, maybe missing or not a string) is the token of `subject`. */
  check(subject: string, presented: unknown): boolean;
}

/** Signed values kept per secret and purpose; past this many subjects the cache starts afresh. */
const CACHE_SIZE = 10_000;
const signers = new WeakMap<Secrets, Map<string, CsrfTokens>>();

/** The CSRF tokens of one purpose under the server secret (one instance per secret and purpose). */
export function csrfTokens(secrets: Secrets, purpose: string): CsrfTokens {
  let byPurpose = signers.get(secrets);
  if (!byPurpose) {
    byPurpose = new Map();
    signers.set(secrets, byPurpose);
  }
  let tokens = byPurpose.get(purpose);
  if (!tokens) {
    tokens = cachedSigner(secrets, purpose);
    byPurpose.set(purpose, tokens);
  }
  return tokens;
}

function cachedSigner(secrets: Secrets, purpose: string): CsrfTokens {
  const cache = new Map<string, { text: string; bytes: Buffer }>();
  const expected = (subject: string): { text: string; bytes: Buffer } => {
    let value = cache.get(subject);
    if (!value) {
      if (cache.size >= CACHE_SIZE) cache.clear();
      const text = secrets.sign(purpose, subject);
      value = { text, bytes: Buffer.from(text) };
      cache.set(subject, value);
    }
    return value;
  };
  return {
    token: (subject) => expected(subject).text,
    check(subject, presented) {
      if (typeof presented !== 'string' || presented === '') return false;
      const given = Buffer.from(presented);
      const want = expected(subject).bytes;
      return given.length === want.length && timingSafeEqual(given, want);
    },
  };
}
