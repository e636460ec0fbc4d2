/**
 * Password hashing with scrypt (node:crypto). The hash string carries its own parameters and salt —
 * `scrypt$N$r$p$salt$hash` (base64url) — so the cost can be raised later without breaking old hashes.
 *
 * The password policy (NIST SP 800-63B): at least 12 characters and not a common or breached
 * password. "Common" is judged by zxcvbn-ts with the common-password list of
 * @zxcvbn-ts/language-common (about 50,000 passwords from breaches) and Dutch words and names
 * (@zxcvbn-ts/language-nl-be): besides the listed passwords themselves it recognises their variants
 * (capitals, digits or a year added, l33t, repetitions, keyboard rows). A password must need at least
 * 10^8 guesses (zxcvbn score 3); no rules about character classes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

const KEY_LENGTH = 32;
const DEFAULTS = { N: 2 ** 15, r: 8, p: 1 };

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; node's default maxmem (32 MiB) is exactly too small for N = 2^15
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hash a password with a fresh 16-byte salt. */
export async function hashPassword(password: string, params = DEFAULTS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Check a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const key = await derive(password, salt, { N, r, p });
  return timingSafeEqual(key, expected);
}

/** A dummy hash to verify against when the account does not exist, so timing does not reveal it. */
export const DUMMY_HASH = `scrypt$${DEFAULTS.N}$${DEFAULTS.r}$${DEFAULTS.p}$AAAAAAAAAAAAAAAAAAAAAA$${'A'.repeat(43)}`;

export const MIN_PASSWORD_LENGTH = 12;
const MIN_GUESSES_LOG10 = 8;

let estimator: ZxcvbnFactory | undefined;

/**
 * The estimator, loaded and built on first use: its three packages are some 120 files and their
 * dictionaries take some 50 ms to build, 0.1-0.3 s of every server start that nobody needs until a
 * password is chosen. Required synchronously (the packages ship CommonJS), so the check stays sync.
 */
function strength(): ZxcvbnFactory {
  if (!estimator) {
    const require = createRequire(import.meta.url);
    const core = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const dutch = require('@zxcvbn-ts/language-nl-be') as typeof import('@zxcvbn-ts/language-nl-be');
    estimator = new core.ZxcvbnFactory({ dictionary: { ...common.dictionary, ...dutch.dictionary }, graphs: common.adjacencyGraphs, maxLength: 100 });
  }
  return estimator;
}

/** Dutch message when a new password is too short, too long, or common or breached; null when acceptable. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return `Kies een wachtwoord van minstens ${MIN_PASSWORD_LENGTH} tekens.`;
  if (password.length > 200) return 'Het wachtwoord is te lang (maximaal 200 tekens).';
  if (strength().check(password).guessesLog10 < MIN_GUESSES_LOG10) {
    return 'Dit wachtwoord is te makkelijk te raden: het staat in lijsten van veelgebruikte of uitgelekte wachtwoorden, of lijkt daar sterk op (bijvoorbeeld een bekend woord met een jaartal erachter). Kies bijvoorbeeld vier losse woorden die niet bij elkaar horen.';
  }
  return null;
}
