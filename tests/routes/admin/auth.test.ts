import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { csrfFrom, formBody, loginAs, submitPassword } from '../../helpers/auth.js';
import { grantsOf } from '../../../server/db/repositories/grants.js';
import { countUsers } from '../../../server/db/repositories/users.js';
import { verifyPassword } from '../../../server/security/passwords.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const html = { accept: 'text/html' };
const formHeaders = (cookie: string) => ({ ...html, cookie, 'content-type': 'application/x-www-form-urlencoded' });

async function loginPage(app: TestApp['app']) {
  const page = await app.inject({ url: '/admin/login', headers: html });
  const pre = page.cookies.find((c) => c.name === 'csrf_pre');
  return { cookie: `csrf_pre=${pre?.value}`, csrf: csrfFrom(page.body), page };
}

describe('setup page', () => {
  it('creates the first researcher once, then answers 404', async () => {
    t = await createTestApp();
    const login = await t.app.inject({ url: '/admin/login', headers: html });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/admin/setup');

    const page = await t.app.inject({ url: '/admin/setup', headers: html });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Eerste account aanmaken');
    const cookie = `csrf_pre=${page.cookies.find((c) => c.name === 'csrf_pre')?.value}`;

    const bad = await t.app.inject({
      method: 'POST',
      url: '/admin/setup',
      headers: formHeaders(cookie),
      payload: formBody({ _csrf: csrfFrom(page.body), name: 'Anna', email: 'geen-adres', password: 'kort', password2: 'anders' }),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Vul een geldig e-mailadres in.');
    expect(bad.body).toContain('Kies een wachtwoord van minstens 12 tekens.');
    expect(bad.body).toContain('value="Anna"');
    expect(await countUsers(t.app.db)).toBe(0);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/admin/setup',
      headers: formHeaders(cookie),
      payload: formBody({ _csrf: csrfFrom(page.body), name: 'Anna de Vries', email: 'Anna@Example.test', password: 'een lang wachtwoord', password2: 'een lang wachtwoord' }),
    });
    expect(ok.statusCode).toBe(303);
    // a landelijk onderzoeker sets up two-factor login before anything else
    expect(ok.headers.location).toBe('/admin/login/enrol?next=%2Fadmin%2Fhouses');
    expect(ok.cookies.find((c) => c.name === 'sid')?.value).toBeTruthy();
    const user = await t.app.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'anna@example.test', name: 'Anna de Vries' });
    expect(await grantsOf(t.app.db, user.id)).toEqual([{ kind: 'national-researcher' }]);
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('een lang wachtwoord', user.password_hash)).toBe(true);

    expect((await t.app.inject({ url: '/admin/setup', headers: html })).statusCode).toBe(404);
    const again = await t.app.inject({
      method: 'POST',
      url: '/admin/setup',
      headers: formHeaders(cookie),
      payload: formBody({ _csrf: csrfFrom(page.body), name: 'Eve', email: 'eve@example.test', password: 'een lang wachtwoord', password2: 'een lang wachtwoord' }),
    });
    expect(again.statusCode).toBe(404);
    expect(await countUsers(t.app.db)).toBe(1);
  });

  it('creates the first account from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    t = await createTestApp({ ADMIN_EMAIL: 'beheer@example.test', ADMIN_PASSWORD: 'geheim-en-lang' });
    expect(await countUsers(t.app.db)).toBe(1);
    expect((await t.app.inject({ url: '/admin/setup', headers: html })).statusCode).toBe(404);
    const { cookie, csrf } = await loginPage(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: formHeaders(cookie),
      payload: formBody({ _csrf: csrf, email: 'beheer@example.test', password: 'geheim-en-lang' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/login/enrol');
  });

  it('refuses to start with an ADMIN_PASSWORD the password policy refuses', async () => {
    await expect(createTestApp({ ADMIN_EMAIL: 'beheer@example.test', ADMIN_PASSWORD: 'Wachtwoord2024' })).rejects.toThrow(/ADMIN_PASSWORD: Dit wachtwoord is te makkelijk te raden/);
  });
});

describe('login and logout', () => {
  it('signs in with a session cookie that is httpOnly, SameSite=Lax and limited to /admin', async () => {
    t = await createTestApp();
    const { cookie } = await loginAs(t.app, 'researcher', { email: 'r@example.test', password: 'juist wachtwoord' });
    expect(cookie).toMatch(/^sid=/);
    const sessions = await t.app.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    // only the hash of the cookie value is stored
    expect(cookie.slice(4)).not.toBe(sessions[0]!.id_hash);
    const { cookie: pre, csrf } = await loginPage(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: formHeaders(pre),
      payload: formBody({ _csrf: csrf, email: 'R@example.test', password: 'juist wachtwoord' }),
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/sid=[A-Za-z0-9_-]+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/admin');
    expect(setCookie).not.toContain('Secure');
  });

  it('replaces the previous session of the browser on a new login', async () => {
    t = await createTestApp();
    const first = await loginAs(t.app, 'researcher', { email: 'r@example.test', password: 'juist wachtwoord' });
    const { cookie: pre, csrf } = await loginPage(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: formHeaders(`${pre}; ${first.cookie}`),
      payload: formBody({ _csrf: first.csrf, email: 'r@example.test', password: 'juist wachtwoord' }),
    });
    expect(res.statusCode).toBe(303);
    expect(csrf).not.toBe(first.csrf);
    const sessions = await t.app.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.csrf_token).not.toBe(first.csrf);
  });

  it('marks the cookie Secure when BASE_URL is https', async () => {
    t = await createTestApp({ BASE_URL: 'https://enquete.example.test' });
    const page = await t.app.inject({ url: '/admin/setup', headers: html });
    expect(String(page.headers['set-cookie'])).toContain('Secure');
  });

  it('rejects a wrong password with 422 and keeps the e-mail address', async () => {
    t = await createTestApp();
    await loginAs(t.app, 'researcher', { email: 'r@example.test', password: 'juist wachtwoord' });
    const { cookie, csrf } = await loginPage(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: formHeaders(cookie),
      payload: formBody({ _csrf: csrf, email: 'r@example.test', password: 'fout wachtwoord' }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('onjuist');
    expect(res.body).toContain('value="r@example.test"');
    expect(res.cookies.find((c) => c.name === 'sid')).toBeUndefined();
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: formHeaders(cookie),
      payload: formBody({ _csrf: csrf, email: 'niemand@example.test', password: 'juist wachtwoord' }),
    });
    expect(unknown.statusCode).toBe(422);
  });

  it('ends the session on logout', async () => {
    t = await createTestApp();
    const { cookie, csrf } = await loginAs(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/admin/logout', headers: formHeaders(cookie), payload: formBody({ _csrf: csrf }) });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/login');
    expect(await t.app.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    const after = await t.app.inject({ url: '/admin/', headers: { ...html, cookie } });
    expect(after.headers.location).toBe('/admin/login');
  });

  it('limits failed attempts per account with a Dutch "probeer het opnieuw na", never successful ones', async () => {
    t = await createTestApp();
    await loginAs(t.app, 'researcher', { email: 'r@example.test', password: 'juist wachtwoord' });
    const colleague = await loginAs(t.app, 'evaluator', { email: 'c@example.test', twoFactor: false });
    // successful logins from one office address: more than any limit allows failures
    for (let i = 0; i < 12; i++) expect((await submitPassword(t.app, 'c@example.test', 'correct horse battery staple')).statusCode).toBe(303);
    const { cookie, csrf } = await loginPage(t.app);
    const attempt = (email: string, password: string) =>
      t!.app.inject({ method: 'POST', url: '/admin/login', headers: formHeaders(cookie), payload: formBody({ _csrf: csrf, email, password }) });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt('r@example.test', `poging ${i}`)).statusCode);
    expect(statuses).toEqual([...Array(10).fill(422), 429]);
    const correct = await attempt('r@example.test', 'juist wachtwoord');
    expect(correct.statusCode).toBe(429);
    // the app's clock is 09:00 UTC, 10:00 in Amsterdam: the first failure leaves the 15-minute window at 10:15
    expect(correct.body).toContain('Te veel mislukte inlogpogingen. Probeer het opnieuw na 10:15.');
    expect(Number(correct.headers['retry-after'])).toBe(15 * 60);
    // the colleague behind the same address is not locked out
    expect((await attempt(colleague.user.email, 'correct horse battery staple')).statusCode).toBe(303);
    t.setNow(new Date(t.app.now().getTime() + 15 * 60_000 + 1000));
    expect((await attempt('r@example.test', 'juist wachtwoord')).statusCode).toBe(303);
  });

  it('takes the client address from X-Forwarded-For only with TRUST_PROXY', async () => {
    for (const [trust, expected] of [
      ['false', '127.0.0.1'],
      ['true', '203.0.113.9'],
    ] as const) {
      t = await createTestApp({ TRUST_PROXY: trust });
      await loginAs(t.app, 'researcher', { email: 'r@example.test', password: 'juist wachtwoord' });
      const { cookie, csrf } = await loginPage(t.app);
      await t.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: { ...formHeaders(cookie), 'x-forwarded-for': '203.0.113.9' },
        payload: formBody({ _csrf: csrf, email: 'r@example.test', password: 'fout' }),
      });
      const failure = await t.app.db.selectFrom('login_failures').select('address').executeTakeFirstOrThrow();
      expect(failure.address).toBe(expected);
      await t.close();
      t = undefined;
    }
  });
});

describe('CSRF', () => {
  it('rejects the login form without a token or with a token of another cookie', async () => {
    t = await createTestApp();
    await loginAs(t.app, 'researcher', { email: 'r@example.test', password: 'juist wachtwoord' });
    const { cookie } = await loginPage(t.app);
    const other = await loginPage(t.app);
    const without = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: formHeaders(cookie),
      payload: formBody({ email: 'r@example.test', password: 'juist wachtwoord' }),
    });
    expect(without.statusCode).toBe(403);
    expect(without.body).toContain('Formulier verlopen');
    const mismatched = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: formHeaders(cookie),
      payload: formBody({ _csrf: other.csrf, email: 'r@example.test', password: 'juist wachtwoord' }),
    });
    expect(mismatched.statusCode).toBe(403);
  });

  it('rejects a signed-in form with a wrong token, accepts the header', async () => {
    t = await createTestApp();
    const { cookie, csrf } = await loginAs(t.app);
    const wrong = await t.app.inject({ method: 'POST', url: '/admin/logout', headers: formHeaders(cookie), payload: formBody({ _csrf: 'x'.repeat(43) }) });
    expect(wrong.statusCode).toBe(403);
    expect(await t.app.db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
    const header = await t.app.inject({ method: 'POST', url: '/admin/logout', headers: { cookie, 'x-csrf-token': csrf } });
    expect(header.statusCode).toBe(303);
  });
});
