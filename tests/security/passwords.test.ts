import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from '../../server/security/passwords.js';

describe('scrypt passwords', () => {
  it('hashes with a fresh salt and its parameters, and verifies', async () => {
    const a = await hashPassword('een lang wachtwoord');
    const b = await hashPassword('een lang wachtwoord');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('een lang wachtwoord', a)).toBe(true);
    expect(await verifyPassword('een lang wachtwoorD', a)).toBe(false);
  });

  it('verifies hashes made with other parameters (they are read from the hash)', async () => {
    const cheap = await hashPassword('wachtwoord123', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('wachtwoord123', cheap)).toBe(true);
  });

  it('treats malformed hashes and the dummy hash as non-matching', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99999999$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('', DUMMY_HASH)).toBe(false);
  });

  it('asks for at least 12 characters (counted as characters, not bytes) and at most 200', () => {
    expect(passwordProblem('kort')).toBe('Kies een wachtwoord van minstens 12 tekens.');
    expect(passwordProblem('nét te kort')).toBe('Kies een wachtwoord van minstens 12 tekens.');
    expect(passwordProblem('x'.repeat(201))).toBe('Het wachtwoord is te lang (maximaal 200 tekens).');
  });

  it('refuses common and breached passwords and their obvious variants, with a Dutch message', () => {
    // from the common-password list, with capitals, digits or a year added, keyboard rows, repetitions and Dutch words
    for (const weak of ['password1234', 'Password1234', 'qwertyuiop12', '123456789012', 'aaaaaaaaaaaa', 'Wachtwoord2024', 'wachtwoord123', 'Welkom123456', 'p@ssw0rd1234', 'iloveyou2026']) {
      expect(passwordProblem(weak), weak).toMatch(/^Dit wachtwoord is te makkelijk te raden/);
    }
  });

  it('accepts long passphrases and random passwords, without rules about character classes', () => {
    for (const fine of ['correct horse battery staple', 'een lang wachtwoord', 'evaluatie molen tulp 2026', 'kT9#mQ2$vL5p', 'demo-veiligheidshuis']) {
      expect(passwordProblem(fine), fine).toBeNull();
    }
  });
});
