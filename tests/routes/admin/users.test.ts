import { afterEach, describe, expect, it } from 'vitest';
import { grantsOf } from '../../../server/db/repositories/grants.js';
import { findUserByEmail } from '../../../server/db/repositories/users.js';
import { verifyPassword } from '../../../server/security/passwords.js';
import { createEta } from '../../../server/templates/eta.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { formBody, loginAs, submitPassword, type LoggedIn } from '../../helpers/auth.js';
import { makeHouse } from '../../helpers/factories.js';

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

const get = (app: TestApp['app'], who: LoggedIn, url: string) => app.inject({ url, headers: { cookie: who.cookie, accept: 'text/html' } });

describe('users page', () => {
  it('lets a landelijk onderzoeker create an account with a grant, who then sets up two-factor login at the first login', async () => {
    t = await createTestApp();
    const house = await makeHouse(t.app, 'Veiligheidshuis Twente');
    const researcher = await loginAs(t.app);
    const page = await get(t.app, researcher, '/admin/users');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(researcher.user.email);
    expect(page.body).toContain('landelijk onderzoeker');

    const bad = await post(t.app, researcher, '/admin/users', { name: 'Eva', email: 'eva', kind: 'evaluator', house: '', password: 'kort' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Vul een geldig e-mailadres in.');
    expect(bad.body).toContain('Kies het Veiligheidshuis van dit recht.');
    expect(bad.body).toContain('Kies een wachtwoord van minstens 12 tekens.');
    expect(bad.body).toContain('value="Eva"');

    const common = await post(t.app, researcher, '/admin/users', { name: 'Eva', email: 'eva@example.test', kind: 'evaluator', house: String(house), password: 'Wachtwoord2024' });
    expect(common.statusCode).toBe(422);
    expect(common.body).toContain('Dit wachtwoord is te makkelijk te raden');

    const ok = await post(t.app, researcher, '/admin/users', { name: 'Eva Evaluator', email: 'Eva@Example.test', kind: 'evaluator', house: String(house), password: 'evaluatie molen tulp 2026' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Account voor eva@example.test aangemaakt');
    const eva = (await findUserByEmail(t.app.db, 'eva@example.test'))!;
    expect(await grantsOf(t.app.db, eva.id)).toEqual([{ kind: 'evaluator', houseId: house }]);
    expect(await verifyPassword('evaluatie molen tulp 2026', eva.password_hash)).toBe(true);
    expect(ok.body).toContain('evaluator Veiligheidshuis Twente');

    const dup = await post(t.app, researcher, '/admin/users', { name: 'Eva 2', email: 'eva@example.test', kind: 'national-evaluator', house: '', password: 'evaluatie molen tulp 2026' });
    expect(dup.statusCode).toBe(422);
    expect(dup.body).toContain('Er is al een account met dit e-mailadres');

    const login = await submitPassword(t.app, 'eva@example.test', 'evaluatie molen tulp 2026');
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/admin/login/enrol');
    // until enrolled, the session opens no admin page
    const cookie = `sid=${login.cookies.find((c) => c.name === 'sid')!.value}`;
    expect((await t.app.inject({ url: '/admin/results', headers: { cookie, accept: 'text/html' } })).headers.location).toMatch(/^\/admin\/login/);
  });

  it('blocks an account (ending its sessions), never the own, and sets new passwords', async () => {
    t = await createTestApp();
    const researcher = await loginAs(t.app);
    const other = await loginAs(t.app, 'evaluator');
    expect((await get(t.app, other, '/admin/')).headers.location).toBe('/admin/results');

    expect((await post(t.app, researcher, `/admin/users/${other.user.id}/disable`, {})).statusCode).toBe(303);
    expect((await get(t.app, other, '/admin/')).headers.location).toBe('/admin/login');
    expect((await submitPassword(t.app, other.user.email, 'correct horse battery staple')).statusCode).toBe(422);
    expect((await post(t.app, researcher, `/admin/users/${other.user.id}/enable`, {})).statusCode).toBe(303);
    expect((await submitPassword(t.app, other.user.email, 'correct horse battery staple')).statusCode).toBe(303);

    const self = await post(t.app, researcher, `/admin/users/${researcher.user.id}/disable`, {});
    expect(self.statusCode).toBe(409);

    const weak = await post(t.app, researcher, `/admin/users/${other.user.id}/password`, { password: 'kort' });
    expect(weak.statusCode).toBe(422);
    expect(weak.body).toContain('Kies een wachtwoord van minstens 12 tekens.');
    expect((await post(t.app, researcher, `/admin/users/${other.user.id}/password`, { password: 'nieuw lang wachtwoord' })).statusCode).toBe(200);
    expect((await submitPassword(t.app, other.user.email, 'nieuw lang wachtwoord')).statusCode).toBe(303);
  });

  it('lets a coordinator see and invite evaluators of their own house only', async () => {
    t = await createTestApp();
    const own = await makeHouse(t.app, 'Veiligheidshuis Eigen');
    const other = await makeHouse(t.app, 'Veiligheidshuis Ander');
    const coordinator = await loginAs(t.app, [{ kind: 'coordinator', houseId: own }]);
    const strangerEvaluator = await loginAs(t.app, [{ kind: 'evaluator', houseId: other }]);
    const invite = await post(t.app, coordinator, '/admin/users', { name: 'Ed', email: 'ed@example.test', kind: 'evaluator', house: String(own), password: 'evaluatie molen tulp 2026' });
    expect(invite.statusCode).toBe(200);
    expect(invite.body).toContain('ed@example.test');
    expect(invite.body).not.toContain(strangerEvaluator.user.email);
    // another house, or another kind of grant: refused
    expect((await post(t.app, coordinator, '/admin/users', { name: 'X', email: 'x@example.test', kind: 'evaluator', house: String(other), password: 'evaluatie molen tulp 2026' })).statusCode).toBe(403);
    expect((await post(t.app, coordinator, '/admin/users', { name: 'X', email: 'x@example.test', kind: 'national-evaluator', house: '', password: 'evaluatie molen tulp 2026' })).statusCode).toBe(403);
    // an account outside their house: 404, as if it did not exist
    expect((await get(t.app, coordinator, `/admin/users/${strangerEvaluator.user.id}`)).statusCode).toBe(404);
    expect((await post(t.app, coordinator, `/admin/users/${strangerEvaluator.user.id}/grants`, { kind: 'evaluator', house: String(own) })).statusCode).toBe(404);
    // the national actions are not theirs
    const ed = (await findUserByEmail(t.app.db, 'ed@example.test'))!;
    expect((await post(t.app, coordinator, `/admin/users/${ed.id}/disable`, {})).statusCode).toBe(403);
    expect((await post(t.app, coordinator, `/admin/users/${ed.id}/grants/remove`, { kind: 'evaluator', house: String(own) })).statusCode).toBe(303);
    expect(await grantsOf(t.app.db, ed.id)).toEqual([]);
  });
});

describe('admin layout', () => {
  it('shows each grant only its menu items', () => {
    const eta = createEta(false);
    const render = (grants: unknown[]) =>
      eta.render('/layouts/admin', { title: 'T', csrf: 'tok', nav: 'results', body: '<p>inhoud</p>', user: { id: 1, email: 'x@y.nl', name: 'X', grants, twoFactor: true } });
    const researcher = render([{ kind: 'national-researcher' }]);
    for (const label of ['Rondes', 'Deelnemers per ronde', 'Mail/Outbox', 'Resultaten', 'Gebruikers', 'Huizen', 'Auditlog', 'Mijn account', 'Uitloggen']) expect(researcher).toContain(label);
    const coordinator = render([{ kind: 'coordinator', houseId: 1 }]);
    for (const label of ['Rondes', 'Deelnemers per ronde', 'Mail/Outbox', 'Resultaten', 'Gebruikers']) expect(coordinator).toContain(label);
    for (const label of ['Huizen', 'Auditlog']) expect(coordinator).not.toContain(label);
    const evaluator = render([{ kind: 'evaluator', houseId: 1 }]);
    expect(evaluator).toContain('Resultaten');
    expect(evaluator).toContain('Uitloggen');
    for (const label of ['Rondes', 'Deelnemers per ronde', 'Mail/Outbox', 'Gebruikers', 'Huizen', 'Auditlog']) expect(evaluator).not.toContain(label);
    expect(evaluator).toContain('<a href="/admin/results" aria-current="page">Resultaten</a>');
    expect(evaluator).toContain('name="_csrf" value="tok"');
  });
});
