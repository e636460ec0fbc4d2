/**
 * The server secret and keyed hashing with it: link tokens derived from nonces, CSRF tokens and
 * signed values all come from `Secrets`, so a copy of the database alone yields no working link.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Keyed hashing with the server secret: tokens derived from nonces, CSRF tokens, signed values. */
export interface Secrets {
  /** HMAC-SHA256 of `data`, base64url. */
  sign(purpose: string, data: string): string;
  /** Constant-time comparison of a presented value with the expected signature. */
  verify(purpose: string, data: string, presented: string | undefined): boolean;
  /** Encrypt a short secret (AES-256-GCM with a key derived for `purpose`): a copy of the database alone does not reveal it. */
  encrypt(purpose: string, plaintext: string): string;
  /** The plaintext of encrypt(), or null when it was not made with this key and purpose (or was altered). */
  decrypt(purpose: string, ciphertext: string): string | null;
}

/** Signing and verifying with the given key. */
export function createSecrets(key: string): Secrets {
  const sign = (purpose: string, data: string) => createHmac('sha256', key).update(`${purpose}\0${data}`).digest('base64url');
  const cipherKey = (purpose: string) => createHmac('sha256', key).update(`encryption\0${purpose}`).digest();
  return {
    sign,
    encrypt(purpose, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', cipherKey(purpose), iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    decrypt(purpose, ciphertext) {
      const [version, iv, body, tag] = ciphertext.split('.');
      if (version !== 'v1' || !iv || body === undefined || !tag) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', cipherKey(purpose), Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
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
  mkdirSync(dirname(file), { recursive: true });
  // not tokens.randomToken: tokens.ts depends on this module's Secrets type
  const key = randomBytes(48).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}
