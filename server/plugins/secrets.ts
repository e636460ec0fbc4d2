import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    secrets: Secrets;
  }
}

/** Keyed hashing with the server secret: tokens derived from nonces, CSRF tokens, signed values. */
export interface Secrets {
  /** HMAC-SHA256 of `data`, base64url. */
  sign(purpose: string, data: string): string;
  /** Constant-time comparison of a presented value with the expected signature. */
  verify(purpose: string, data: string, presented: string | undefined): boolean;
}

/** sha256 as hex: how tokens are stored and looked up. */
export function hashToken(token: string): string {
  // the one-shot hash (Node 20.12+) skips building a Hash object: every respondent request hashes its token
  return hash('sha256', token, 'hex');
}

/** A fresh random token with 256 bits of entropy, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function createSecrets(key: string): Secrets {
  const sign = (purpose: string, data: string) => createHmac('sha256', key).update(`${purpose}\0${data}`).digest('base64url');
  return {
    sign,
    verify(purpose, data, presented) {
      if (!presented) return false;
      const expected = Buffer.from(sign(purpose, data));
      const given = Buffer.from(presented);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

/**
 * The secret comes from SECRET_KEY, or from a key file beside the database that is created on first
 * start (so the embedded default needs no set-up); an in-memory database gets a random one.
 */
export function resolveSecretKey(secretKey: string | undefined, databaseFile: string): string {
  if (secretKey) return secretKey;
  if (databaseFile === ':memory:') return randomToken();
  const file = join(dirname(databaseFile), 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const key = randomToken(48);
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

export default fp<{ key: string }>(
  async (app, opts) => {
    app.decorate('secrets', createSecrets(opts.key));
  },
  { name: 'secrets' },
);
