/**
 * URLs Fastify rejects before routing (undecodable percent-encoding, an over-long path parameter)
 * get the same Dutch page or problem+json as every other error, with the security headers, and the
 * URL (which may hold a respondent's token) is not echoed back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const token = 'Abcdefghijklmnopqrstuvwxyz0123456789_-ABCDE';
const cases = [
  { url: `/r/${token}/pagina/%ZZ`, status: 400 },
  { url: `/r/${token}%E0%A4%A/pagina/1`, status: 400 },
  { url: `/admin/waves/%`, status: 400 },
  { url: `/r/${token}${'x'.repeat(200)}`, status: 414 },
];

describe('URLs rejected before routing', () => {
  it.each(cases)('$url → $status as a Dutch page for browsers', async ({ url, status }) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<h1>Ongeldig adres</h1>');
    expect(res.body).toContain('Controleer of u de volledige link hebt gebruikt');
    expect(res.body).not.toContain(token);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it.each(cases)('$url → $status as problem+json otherwise, also for POST', async ({ url, status }) => {
    const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=b' });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status, title: 'Ongeldig adres', detail: expect.stringContaining('ongeldig') });
    expect(res.body).not.toContain(token);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
