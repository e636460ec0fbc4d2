import { afterEach, describe, expect, it } from 'vitest';
import { findUserByEmail } from '../../../server/db/repositories/users.js';
import { verifyPassword } from '../../../server/security/passwords.js';
import { createEta } from '../../../server/templates/eta.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { csrfFrom, formBody, loginAs, type LoggedIn } from '../../helpers/auth.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function post(app: TestApp['app'], who: LoggedIn, url: string, fields: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: who.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: who.csrf, ...fields }),
  });
}

async function loginWithPassword(app: TestApp['app'], email: string, password: string) {
  const page = await app.inject({ url: '/admin/login', headers: { accept: 'text/html' } });
  const pre = page.cookies.find((c) => c.name === 'csrf_pre')!;
  return app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { cookie: `csrf_pre=${pre.value}`, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ _csrf: csrfFrom(page.body), email, password }),
  });
}

describe('users page', () => {
  it('lets a researcher create an evaluator, who can sign in but not reach fieldwork pages', async () => {
    t = await createTestApp();
    const researcher = await loginAs(t.app);
    const page = await t.app.inject({ url: '/admin/users', headers: { cookie: researcher.cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(researcher.user.email);

    const bad = await post(t.app, researcher, '/admin/users', { name: 'Eva', email: 'eva', role: 'beheerder', password: 'kort' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Vul een geldig e-mailadres in.');
    expect(bad.body).toContain('Kies een rol.');
    expect(bad.body).toContain('Kies een wachtwoord van minstens 10 tekens.');
    expect(bad.body).toContain('value="Eva"');

    const ok = await post(t.app, researcher, '/admin/users', { name: 'Eva Evaluator', email: 'Eva@Example.test', role: 'evaluator', password: 'evaluatie-2026' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Account voor eva@example.test aangemaakt');
    const eva = (await findUserByEmail(t.app.db, 'eva@example.test'))!;
    expect(eva.role).toBe('evaluator');
    expect(await verifyPassword('evaluatie-2026', eva.password_hash)).toBe(true);

    const dup = await post(t.app, researcher, '/admin/users', { name: 'Eva 2', email: 'eva@example.test', role: 'evaluator', password: 'evaluatie-2026' });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('Er is al een account met dit e-mailadres.');

    const login = await loginWithPassword(t.app, 'eva@example.test', 'evaluatie-2026');
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/admin/results');
    const cookie = `sid=${login.cookies.find((c) => c.name === 'sid')!.value}`;
    expect((await t.app.inject({ url: '/admin/users', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(403);
  });

  it('blocks an account (ending its sessions), never the own or the last researcher, and sets new passwords', async () => {
    t = await createTestApp();
    const researcher = await loginAs(t.app);
    const other = await loginAs(t.app, 'evaluator');
    expect((await t.app.inject({ url: '/admin/', headers: { cookie: other.cookie, accept: 'text/html' } })).headers.location).toBe('/admin/results');

    expect((await post(t.app, researcher, `/admin/users/${other.user.id}/disable`, {})).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/admin/', headers: { cookie: other.cookie, accept: 'text/html' } })).headers.location).toBe('/admin/login');
    expect((await loginWithPassword(t.app, other.user.email, 'correct horse battery staple')).statusCode).toBe(422);
    expect((await post(t.app, researcher, `/admin/users/${other.user.id}/enable`, {})).statusCode).toBe(303);
    expect((await loginWithPassword(t.app, other.user.email, 'correct horse battery staple')).statusCode).toBe(303);

    const self = await post(t.app, researcher, `/admin/users/${researcher.user.id}/disable`, {});
    expect(self.statusCode).toBe(409);

    const weak = await post(t.app, researcher, `/admin/users/${other.user.id}/password`, { password: 'kort' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('Kies een wachtwoord van minstens 10 tekens.');
    expect((await post(t.app, researcher, `/admin/users/${other.user.id}/password`, { password: 'nieuw wachtwoord' })).statusCode).toBe(200);
    expect((await loginWithPassword(t.app, other.user.email, 'nieuw wachtwoord')).statusCode).toBe(303);
  });
});

describe('admin layout', () => {
  it('shows each role only its menu items', () => {
    const eta = createEta(false);
    const render = (role: 'researcher' | 'evaluator') =>
      eta.render('/layouts/admin', { title: 'T', csrf: 'tok', nav: 'results', body: '<p>inhoud</p>', user: { id: 1, email: 'x@y.nl', name: 'X', role } });
    const researcher = render('researcher');
    for (const label of ['Rondes', 'Deelnemers per ronde', 'Mail/Outbox', 'Resultaten', 'Gebruikers', 'Uitloggen']) expect(researcher).toContain(label);
    const evaluator = render('evaluator');
    expect(evaluator).toContain('Resultaten');
    expect(evaluator).toContain('Uitloggen');
    for (const label of ['Rondes', 'Deelnemers per ronde', 'Mail/Outbox', 'Gebruikers']) expect(evaluator).not.toContain(label);
    expect(evaluator).toContain('<a href="/admin/results" aria-current="page">Resultaten</a>');
    expect(evaluator).toContain('name="_csrf" value="tok"');
  });
});
