/**
 * The server secret and keyed hashing with it: link tokens derived from nonces, CSRF tokens and
 * signed values all come from `Secrets`, so a copy of the database alone yields no working link.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensurePrivateFolder, PRIVATE_FILE_MODE, restrictExisting } from './files.js';

/** Keyed hashing with the server secret: tokens derived from nonces, CSRF tokens, signed values. */
export interface Secrets {
  /** HMAC-SHA256 of `data`, base64url. */
  sign(purpose: string, data: string): string;
  /** Constant-time comparison of a presented value with the expected signature. */
  verify(purpose: string, data: string, presented: string | undefined): boolean;
}

/** Signing and verifying with the given key. */
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
  if (databaseFile === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(dirname(databaseFile), 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  ensurePrivateFolder(dirname(file));
  // not tokens.randomToken: tokens.ts depends on this module's Secrets type
  const key = randomBytes(48).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: PRIVATE_FILE_MODE });
  restrictExisting([file]);
  return key;
}
