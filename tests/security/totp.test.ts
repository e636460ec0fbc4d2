import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { createSecrets } from '../../server/security/secrets.js';
import { checkTotp, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, openTotpSecret, qrSvg, sealTotpSecret, totpUri } from '../../server/security/totp.js';

describe('TOTP', () => {
  it('matches the RFC 6238 test vector (SHA-1, T = 59 s gives 94287082, six digits 287082)', async () => {
    // RFC 6238 appendix B: the ASCII secret "12345678901234567890" is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ in base32
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(await checkTotp(secret, '287082', new Date(59_000))).toBe(1);
    expect(await checkTotp(secret, '081804', new Date(1111111109_000))).toBe(37037036);
  });

  it('accepts the code of the current step and its neighbours, nothing older, nothing malformed', async () => {
    const secret = newTotpSecret();
    const now = new Date('2026-12-02T10:00:10Z');
    const at = (offset: number) => generate({ secret, epoch: Math.floor(now.getTime() / 1000) + offset });
    const step = Math.floor(now.getTime() / 30_000);
    expect(await checkTotp(secret, await at(0), now)).toBe(step);
    expect(await checkTotp(secret, await at(-30), now)).toBe(step - 1);
    expect(await checkTotp(secret, await at(30), now)).toBe(step + 1);
    expect(await checkTotp(secret, await at(-90), now)).toBeNull();
    expect(await checkTotp(secret, ` ${(await at(0)).slice(0, 3)} ${(await at(0)).slice(3)} `, now)).toBe(step);
    for (const bad of ['', '12345', '1234567', 'abcdef']) expect(await checkTotp(secret, bad, now)).toBeNull();
  });

  it('stores the secret encrypted with the server key: another key cannot read it', () => {
    const secret = newTotpSecret();
    const sealed = sealTotpSecret(createSecrets('k'.repeat(40)), secret);
    expect(sealed).not.toContain(secret);
    expect(openTotpSecret(createSecrets('k'.repeat(40)), sealed)).toBe(secret);
    expect(openTotpSecret(createSecrets('x'.repeat(40)), sealed)).toBeNull();
    expect(openTotpSecret(createSecrets('k'.repeat(40)), `${sealed.slice(0, -2)}AA`)).toBeNull();
  });

  it('draws the otpauth address as an SVG QR code', async () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'a@example.nl', 'Enquête Veiligheidshuizen');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Enqu%C3%AAte%20Veiligheidshuizen:a%40example\.nl\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    const svg = await qrSvg(uri);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('<path');
  });

  it('makes ten distinct recovery codes, hashed with the server key, typed in any case or spacing', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const secrets = createSecrets('k'.repeat(40));
    expect(hashRecoveryCode(secrets, codes[0]!)).toBe(hashRecoveryCode(secrets, ` ${codes[0]!.toUpperCase().replace(/-/g, ' ')} `));
    expect(hashRecoveryCode(createSecrets('x'.repeat(40)), codes[0]!)).not.toBe(hashRecoveryCode(secrets, codes[0]!));
    expect(looksLikeRecoveryCode(codes[0]!)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});
