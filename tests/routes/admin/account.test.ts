/**
 * Two-factor login (TOTP, RFC 6238) from enrolment to the daily login, with codes computed here from
 * the secret the page shows, as an authenticator app would; recovery codes; and the own-account
 * page: sessions, "overal uitloggen", password change.
 */
import SQLite from 'better-sqlite3';
import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, sessionCsrf, submitPassword, totpCode, type LoggedIn } from '../../helpers/auth.js';
import { makeHouse } from '../../helpers/factories.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const html = { accept: 'text/html' };
const sidOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === 'sid')?.value;

async function postAs(app: TestApp['app'], sid: string, url: string, fields: Record<string, string>, remoteAddress?: string) {
  return app.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: { ...html, cookie: `sid=${sid}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: await sessionCsrf(app, sid), ...fields }),
  });
}

/** The base32 secret printed under the QR code. */
function secretOnPage(body: string): string {
  const match = /class="totp-secret">([A-Z2-7 ]+)</.exec(body);
  if (!match) throw new Error('no secret on the enrolment page');
  return match[1]!.replace(/ /g, '');
}

describe('two-factor login', () => {
  it('is set up at the first login with a QR code drawn on the server, then asked at every login', async () => {
    t = await createTestApp();
    const { app } = t;
    const house = await makeHouse(app, 'Veiligheidshuis Twente');
    const me = await loginAs(app, [{ kind: 'coordinator', houseId: house }], { email: 'c@example.test', twoFactor: false });
    expect(me.totpSecret).toBeNull();
    // loginAs stopped at enrolment: that session opens nothing
    expect((await app.inject({ url: '/admin/waves', headers: { ...html, cookie: me.cookie } })).headers.location).toMatch(/^\/admin\/login/);

    const password = await submitPassword(app, 'c@example.test', 'correct horse battery staple');
    expect(password.headers.location).toBe('/admin/login/enrol');
    const pending = sidOf(password)!;
    const page = await app.inject({ url: '/admin/login/enrol', headers: { ...html, cookie: `sid=${pending}` } });
    expect(page.statusCode).toBe(200);
    // the QR code is an inline SVG made here: no image from elsewhere, no script
    const svg = /<svg[\s\S]*?<\/svg>/.exec(page.body)?.[0] ?? '';
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|href=|<image/);
    const secret = secretOnPage(page.body);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // the secret is stored encrypted, never as such
    const raw = new SQLite(t.config.databaseFile, { readonly: true });
    expect(JSON.stringify(raw.prepare('select * from users').all())).not.toContain(secret);
    raw.close();

    const wrong = await postAs(app, pending, '/admin/login/enrol', { code: '000000' === (await totpCode(app, secret)) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Deze code klopt niet.');
    // the page shows the same secret again after a wrong code
    expect(secretOnPage(wrong.body)).toBe(secret);

    const confirmed = await postAs(app, pending, '/admin/login/enrol', { code: await totpCode(app, secret) });
    expect(confirmed.statusCode).toBe(200);
    const codes = [...confirmed.body.matchAll(/<li><code>([a-z2-9-]{14})<\/code><\/li>/g)].map((m) => m[1]!);
    expect(codes).toHaveLength(10);
    const full = sidOf(confirmed)!;
    expect((await app.inject({ url: '/admin/waves', headers: { ...html, cookie: `sid=${full}` } })).statusCode).toBe(200);

    // the next login asks for the code; a code is computed as the app would at the server's clock
    t.setNow(new Date(app.now().getTime() + 60_000));
    const again = await submitPassword(app, 'c@example.test', 'correct horse battery staple');
    expect(again.headers.location).toBe('/admin/login/code');
    const step = sidOf(again)!;
    expect((await app.inject({ url: '/admin/waves', headers: { ...html, cookie: `sid=${step}` } })).headers.location).toMatch(/^\/admin\/login/);
    const bad = await postAs(app, step, '/admin/login/code', { code: await generate({ secret, epoch: Math.floor(app.now().getTime() / 1000) - 600 }) });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Deze code is onjuist of al gebruikt.');
    const code = await totpCode(app, secret);
    const good = await postAs(app, step, '/admin/login/code', { code });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe('/admin/waves');
    expect((await app.inject({ url: '/admin/waves', headers: { ...html, cookie: `sid=${sidOf(good)}` } })).statusCode).toBe(200);
    // the pending session was replaced, not promoted
    expect((await app.inject({ url: '/admin/waves', headers: { ...html, cookie: `sid=${step}` } })).headers.location).toMatch(/^\/admin\/login/);

    // the same code is never accepted twice
    const replay = await submitPassword(app, 'c@example.test', 'correct horse battery staple');
    expect((await postAs(app, sidOf(replay)!, '/admin/login/code', { code })).statusCode).toBe(422);

    // a recovery code works once, instead of the app's code
    const recovery = await postAs(app, sidOf(replay)!, '/admin/login/code', { code: codes[0]!.toUpperCase() });
    expect(recovery.statusCode).toBe(303);
    const reuse = await submitPassword(app, 'c@example.test', 'correct horse battery staple');
    expect((await postAs(app, sidOf(reuse)!, '/admin/login/code', { code: codes[0]! })).statusCode).toBe(422);

    const log = await app.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id').execute();
    const actions = log.map((e) => e.action);
    expect(actions).toContain('two_factor_enabled');
    expect(actions).toContain('recovery_code_used');
    expect(log.filter((e) => e.action === 'login_failed').map((e) => JSON.parse(e.details).reason)).toEqual(['code', 'code', 'code']);
  });

  it('counts wrong codes towards the login limit', async () => {
    t = await createTestApp();
    const me = await loginAs(t.app, 'researcher', { email: 'r@example.test' });
    const login = await submitPassword(t.app, 'r@example.test', 'correct horse battery staple');
    const sid = sidOf(login)!;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await postAs(t.app, sid, '/admin/login/code', { code: String(100000 + i) })).statusCode);
    expect(statuses).toEqual([...Array(10).fill(422), 429]);
    const right = await postAs(t.app, sid, '/admin/login/code', { code: await totpCode(t.app, me.totpSecret!, 30) });
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain('Probeer het opnieuw na');
  });

  it('can be relaxed for evaluators with TWO_FACTOR_EVALUATORS=optional, never for coordinators', async () => {
    t = await createTestApp({ TWO_FACTOR_EVALUATORS: 'optional' });
    const house = await makeHouse(t.app);
    await loginAs(t.app, [{ kind: 'evaluator', houseId: house }], { email: 'e@example.test', twoFactor: false });
    await loginAs(t.app, [{ kind: 'coordinator', houseId: house }], { email: 'c@example.test', twoFactor: false });
    expect((await submitPassword(t.app, 'e@example.test', 'correct horse battery staple')).headers.location).toBe('/admin/results');
    expect((await submitPassword(t.app, 'c@example.test', 'correct horse battery staple')).headers.location).toBe('/admin/login/enrol');
  });

  it('is wiped by a landelijk onderzoeker for someone who lost phone and codes: their sessions end and they enrol again', async () => {
    t = await createTestApp();
    const researcher = await loginAs(t.app);
    const lost = await loginAs(t.app, 'evaluator', { email: 'kwijt@example.test' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/admin/users/${lost.user.id}/two-factor/reset`,
      headers: { ...html, cookie: researcher.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ _csrf: researcher.csrf }),
    });
    expect(res.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/admin/results', headers: { ...html, cookie: lost.cookie } })).headers.location).toMatch(/^\/admin\/login/);
    expect((await submitPassword(t.app, 'kwijt@example.test', 'correct horse battery staple')).headers.location).toBe('/admin/login/enrol');
  });
});

describe('own account', () => {
  const get = (who: LoggedIn, url: string) => t!.app.inject({ url, headers: { ...html, cookie: who.cookie } });
  const post = (who: LoggedIn, url: string, fields: Record<string, string>) =>
    t!.app.inject({ method: 'POST', url, headers: { ...html, cookie: who.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: who.csrf, ...fields }) });

  it('lists the user\'s sessions and ends them all with "overal uitloggen"', async () => {
    t = await createTestApp();
    const first = await loginAs(t.app, 'evaluator', { email: 'e@example.test' });
    // a second browser of the same person
    const login = await submitPassword(t.app, 'e@example.test', 'correct horse battery staple', '198.51.100.7');
    t.setNow(new Date(t.app.now().getTime() + 31_000));
    const second = await postAs(t.app, sidOf(login)!, '/admin/login/code', { code: await totpCode(t.app, first.totpSecret!) }, '198.51.100.7');
    expect(second.statusCode).toBe(303);
    const page = await get(first, '/admin/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('(deze sessie)');
    expect(page.body).toContain('198.51.100.7');
    expect(page.body).toContain('landelijk evaluator');
    const out = await post(first, '/admin/account/logout-everywhere', {});
    expect(out.headers.location).toBe('/admin/login');
    for (const cookie of [first.cookie, `sid=${sidOf(second)}`]) {
      expect((await t.app.inject({ url: '/admin/results', headers: { ...html, cookie } })).headers.location).toMatch(/^\/admin\/login/);
    }
    expect((await t.app.db.selectFrom('audit_log').select('action').where('action', '=', 'logout_everywhere').execute())).toHaveLength(1);
  });

  it('changes the password with the current one: other sessions end, this browser goes on', async () => {
    t = await createTestApp();
    const me = await loginAs(t.app, 'researcher', { email: 'r@example.test' });
    const login = await submitPassword(t.app, 'r@example.test', 'correct horse battery staple');
    t.setNow(new Date(t.app.now().getTime() + 31_000));
    const other = await postAs(t.app, sidOf(login)!, '/admin/login/code', { code: await totpCode(t.app, me.totpSecret!) });
    const wrong = await post(me, '/admin/account/password', { current: 'fout', password: 'nieuw lang wachtwoord', password2: 'nieuw lang wachtwoord' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Het huidige wachtwoord is onjuist.');
    const weak = await post(me, '/admin/account/password', { current: 'correct horse battery staple', password: 'wachtwoord123', password2: 'wachtwoord123' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('te makkelijk te raden');
    const ok = await post(me, '/admin/account/password', { current: 'correct horse battery staple', password: 'nieuw lang wachtwoord', password2: 'nieuw lang wachtwoord' });
    expect(ok.statusCode).toBe(303);
    const mine = `sid=${sidOf(ok)}`;
    expect((await t.app.inject({ url: '/admin/account', headers: { ...html, cookie: mine } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/admin/account', headers: { ...html, cookie: `sid=${sidOf(other)}` } })).headers.location).toMatch(/^\/admin\/login/);
    expect((await t.app.inject({ url: '/admin/account', headers: { ...html, cookie: me.cookie } })).headers.location).toMatch(/^\/admin\/login/);
    expect((await submitPassword(t.app, 'r@example.test', 'nieuw lang wachtwoord')).statusCode).toBe(303);
  });
});
