/**
 * Access control over every registered route, enumerated from the running app (so a new admin
 * route is checked without anyone remembering to add it): no session → login or 401; a respondent's
 * token in any place a session could be → no access; a blocked account's or expired session, or one
 * still waiting for its second factor → no access. (What each grant may see, per house, is the route
 * matrix: accessMatrix.test.ts.) And respondent tokens cannot be enumerated: rate limits per address,
 * lookups by the token's hash on a unique index.
 */
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findInvitationContext } from '../../server/db/repositories/invitations.js';
import { createReviewLink } from '../../server/services/preview.js';
import { hashToken, randomToken } from '../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, submitPassword, type LoggedIn } from '../helpers/auth.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { registeredRoutes, type Route } from '../helpers/appRoutes.js';
import { TableDigest } from '../helpers/databaseFile.js';
import { storeResponses } from '../helpers/resultsPage.js';

/** Reachable without a session by design (the login steps check their own session stage). */
const PUBLIC_ADMIN = new Set(['/admin', '/admin/', '/admin/login', '/admin/login/code', '/admin/login/enrol', '/admin/setup', '/admin/logout']);

let t: TestApp;
let routes: Route[];
let researcher: LoggedIn;
let evaluator: LoggedIn;
let blocked: LoggedIn;
let params: Record<string, string>;
let invitationToken: string;
let outboxId: string;
let digest: TableDigest;

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  const { app } = t;
  researcher = await loginAs(app, 'researcher');
  evaluator = await loginAs(app, 'evaluator');
  blocked = await loginAs(app, 'researcher');
  await app.db.updateTable('users').set({ disabled: 1 }).where('id', '=', blocked.user.id).execute();
  const wave = await makeWave(app, 'proef', { anonymous: 0 });
  const invitee = await makeInvitee(app, wave);
  invitationToken = invitee.token;
  await app.mailer.runPass();
  const job = await app.db.selectFrom('mail_jobs').select('id').executeTakeFirstOrThrow();
  // an open answer with a category, so the researcher's open-answer pages have real rows to refuse
  await storeResponses(app, wave, [{ Q1: 1, Q7: 'Goed overleg' }]);
  const answer = await app.db.selectFrom('answers').select('response_id').where('variable', '=', 'Q7').executeTakeFirstOrThrow();
  const category = await app.db
    .insertInto('open_answer_categories')
    .values({ wave_id: wave.id, item: 'Q7', label: 'Positief', position: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const message = await app.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow();
  await createReviewLink({ db: app.db, now: app.now(), actor: { system: 'cli' } }, { id: 'proef', version: '1' }, 'stuurgroep', 14);
  const link = await app.db.selectFrom('review_links').select('id').executeTakeFirstOrThrow();
  // real ids everywhere: a route that forgot its check would answer 200, not a harmless 404
  params = {
    id: wave.id,
    waveId: wave.id,
    pid: String(invitee.participant.id),
    uid: String(evaluator.user.id),
    jobId: String(job.id),
    houseId: String(wave.house_id),
    format: 'codebook',
    qid: 'proef',
    version: '1',
    linkId: String(link.id),
    n: '1',
    item: 'Q7',
    answerId: `${answer.response_id}.Q7`,
    categoryId: String(category.id),
  };
  outboxId = String(message.id);
  routes = registeredRoutes(app).filter((r) => r.method !== 'HEAD');
  digest = new TableDigest(t.config.databaseFile);
});

afterAll(async () => {
  digest?.close();
  await t?.close();
});

function concrete(route: Route): string {
  // an outbox message's :id is its own, not a wave's
  if (route.url.startsWith('/admin/outbox/:id')) return route.url.replace(':id', outboxId);
  return route.url.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route.url}`);
    return value;
  });
}

function adminRoutes(): Route[] {
  return routes.filter((r) => r.url.startsWith('/admin') && !PUBLIC_ADMIN.has(r.url));
}

async function send(route: Route, headers: Record<string, string>, extra: { query?: string; body?: string } = {}) {
  const url = concrete(route) + (extra.query ?? '');
  const post = route.method !== 'GET';
  return t.app.inject({
    method: route.method as 'GET' | 'POST',
    url,
    headers: { ...headers, ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(post ? { payload: extra.body ?? '' } : {}),
  });
}

describe('route enumeration', () => {
  it('finds every admin route, with parameters filled from real rows', () => {
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const known of ['GET /admin/waves', 'POST /admin/waves/:id/participants/import', 'POST /admin/users/:uid/password', 'GET /admin/results/:waveId', 'GET /r/:token/pagina/:n', 'POST /o/:token/pagina/:n']) {
      expect(keys).toContain(known);
    }
    expect(adminRoutes().length).toBeGreaterThan(30);
    for (const r of adminRoutes()) expect(() => concrete(r)).not.toThrow();
    // each path put together from the tree is one Fastify really has (no segment lost or doubled)
    for (const r of routes) expect(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url}`).toBe(true);
    expect(keys.size).toBe(routes.length);
  });
});

describe('admin routes without a session', () => {
  it('send a browser to the login page and answer 401 to anything else, for every method, changing nothing', async () => {
    const before = digest.all();
    for (const route of adminRoutes()) {
      const html = await send(route, { accept: 'text/html' });
      expect([303, 302], `${route.method} ${route.url}`).toContain(html.statusCode);
      expect(String(html.headers.location)).toMatch(/^\/admin\/login/);
      const api = await send(route, { accept: 'application/json' });
      expect(api.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(api.headers['content-type']).toContain('application/problem+json');
      expect(api.json()).toMatchObject({ status: 401, detail: 'U bent niet ingelogd.' });
    }
    expect(digest.all()).toBe(before);
  });

  it('give no access to a respondent token offered as session cookie, query, header or open-link cookie', async () => {
    const before = digest.all();
    const disguises: Array<{ headers: Record<string, string>; query?: string }> = [
      { headers: { cookie: `sid=${invitationToken}` } },
      { headers: { cookie: `vh_concept=${invitationToken}; csrf_pre=${invitationToken}` } },
      { headers: { authorization: `Bearer ${invitationToken}`, 'x-csrf-token': invitationToken }, query: `?token=${invitationToken}&_csrf=${invitationToken}` },
    ];
    for (const route of adminRoutes()) {
      for (const d of disguises) {
        const res = await send(route, { accept: 'application/json', ...d.headers }, { query: d.query, body: `_csrf=${invitationToken}` });
        expect(res.statusCode, `${route.method} ${route.url} ${JSON.stringify(d)}`).toBe(401);
      }
    }
    expect(digest.all()).toBe(before);
  });

  it('give no access with a blocked account\'s session or an expired one', async () => {
    const sample = adminRoutes().filter((r) => r.method === 'GET');
    for (const route of sample) {
      const res = await send(route, { accept: 'application/json', cookie: blocked.cookie });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
    const session = await loginAs(t.app, 'researcher');
    t.setNow(new Date(t.app.now().getTime() + 9 * 3600 * 1000));
    try {
      for (const route of sample) {
        const res = await send(route, { accept: 'application/json', cookie: session.cookie });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      }
    } finally {
      t.setNow(new Date(t.app.now().getTime() - 9 * 3600 * 1000));
    }
  });
});

describe('admin routes of a signed-in user', () => {
  it('give no access with a session still waiting for its second factor', async () => {
    const password = await submitPassword(t.app, researcher.user.email, 'correct horse battery staple');
    expect(password.headers.location).toBe('/admin/login/code');
    const cookie = `sid=${password.cookies.find((c) => c.name === 'sid')!.value}`;
    for (const route of adminRoutes()) {
      const res = await send(route, { accept: 'application/json', cookie });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('let a researcher open every admin page (so the refusals above are about the role, not missing rows)', async () => {
    for (const route of adminRoutes().filter((r) => r.method === 'GET')) {
      const res = await send(route, { accept: 'text/html', cookie: researcher.cookie });
      expect(res.statusCode, `${route.method} ${route.url}`).toBeLessThan(400);
    }
  });

  it('refuse a state-changing request from a signed-in researcher without the session\'s CSRF token', async () => {
    const before = digest.all();
    for (const route of adminRoutes().filter((r) => r.method === 'POST')) {
      for (const body of ['', '_csrf=', `_csrf=${evaluator.csrf}`, `_csrf=${researcher.csrf.slice(0, -1)}x`]) {
        const res = await send(route, { accept: 'text/html', cookie: researcher.cookie }, { body });
        expect(res.statusCode, `${route.method} ${route.url} ${body}`).toBe(403);
        expect(res.body).toContain('Het formulier is verlopen of ongeldig.');
      }
    }
    expect(digest.all()).toBe(before);
  });
});

describe('token enumeration', () => {
  it('rate-limits guessing on invitation, open and opt-out links per address: 429 with a Dutch message', async () => {
    for (const [prefix, limit] of [
      ['/r/', 300],
      ['/o/', 300],
      ['/optout/', 60],
    ] as const) {
      const remoteAddress = `10.1.${prefix.length}.7`;
      const statuses: number[] = [];
      for (let i = 0; i < limit + 5; i++) {
        const res = await t.app.inject({ url: `${prefix}${randomToken()}`, remoteAddress, headers: { accept: 'text/html' } });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(res.body).toContain('Te veel verzoeken.');
      }
      expect(statuses.slice(0, limit).every((s) => s === 404 || s === 400), prefix).toBe(true);
      expect(statuses.slice(limit), prefix).toEqual([429, 429, 429, 429, 429]);
      // another address is not affected
      const other = await t.app.inject({ url: `${prefix}${randomToken()}`, remoteAddress: '10.9.9.9' });
      expect(other.statusCode).not.toBe(429);
    }
  });

  it('stores only the hash and looks tokens up by it on a unique index (no comparison on the token itself)', async () => {
    const token = invitationToken;
    const found = await findInvitationContext(t.app.db, token);
    expect(found?.invitation.token_hash).toBe(hashToken(token));
    const raw = new SQLite(t.config.databaseFile, { readonly: true });
    try {
      const text = JSON.stringify(raw.prepare('select * from invitations').all());
      expect(text).not.toContain(token);
      const plan = raw.prepare('explain query plan select * from invitations where token_hash = ?').all('x') as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sqlite_autoindex_invitations_\d+ \(token_hash=\?\)/);
      const sessions = raw.prepare('explain query plan select * from sessions where id_hash = ?').all('x') as Array<{ detail: string }>;
      expect(sessions.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sqlite_autoindex_sessions_1 \(id_hash=\?\)|USING PRIMARY KEY/);
      const waves = raw.prepare('explain query plan select * from waves where open_link_hash = ?').all('x') as Array<{ detail: string }>;
      expect(waves.map((p) => p.detail).join(' ')).toMatch(/USING INDEX sqlite_autoindex_waves_\d+ \(open_link_hash=\?\)/);
    } finally {
      raw.close();
    }
    // malformed tokens are not even looked up
    expect(await findInvitationContext(t.app.db, "x' or 1=1 --")).toBeUndefined();
    expect(await findInvitationContext(t.app.db, token.slice(0, -1))).toBeUndefined();
  });
});
