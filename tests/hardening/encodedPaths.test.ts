/**
 * Finding 7 of issue 15: `POST /%61dmin/login` skipped the CSRF check, because the check looked at the
 * raw URL while the router decodes it (login CSRF was shown in Chromium). Every registered path is
 * sent here written in percent-encoded ways the router decodes to the same route: each must be
 * answered exactly as the plain path is — the same access refusals, the same CSRF refusals, nothing
 * changed — and a respondent's token must not reach the log under any spelling.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logSerializers } from '../../server/logging.js';
import { optOutToken, previewLinkToken } from '../../server/security/tokens.js';
import { createReviewLink } from '../../server/services/preview.js';
import { createOpenLink } from '../../server/services/waves.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { adminRouteParameters, concretePath, registeredRoutes, type Route } from '../helpers/appRoutes.js';
import { csrfFrom, formBody, loginAs, type LoggedIn } from '../helpers/auth.js';
import { TableDigest } from '../helpers/databaseFile.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';

const lines: string[] = [];
let t: TestApp;
let routes: Route[];
let researcher: LoggedIn;
let digest: TableDigest;
let params: Record<string, string>;
let tokens: { r: string; o: string; optout: string; bekijken: string; voorbeeld: string };
let outboxId: string;
let address = 0;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() }, { logger: { level: 'info', stream, serializers: logSerializers } });
  const { app } = t;
  researcher = await loginAs(app, 'researcher');
  const evaluator = await loginAs(app, 'evaluator');
  const wave = await makeWave(app, 'proef', { anonymous: 0 });
  const invitee = await makeInvitee(app, wave);
  const routeParams = await adminRouteParameters(app, wave, invitee.participant.id, evaluator.user.id);
  outboxId = String((await app.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id);
  tokens = {
    r: invitee.token,
    o: await createOpenLink({ db: app.db, now: app.now(), actor: { system: 'cli' } }, wave),
    optout: optOutToken(app.secrets, invitee.participant.id),
    bekijken: await createReviewLink({ db: app.db, now: app.now(), actor: { system: 'cli' } }, { id: wave.questionnaire_id, version: wave.questionnaire_version }, 'stuurgroep', 14),
    voorbeeld: previewLinkToken(app.secrets, wave.id, new Date(app.now().getTime() + 14 * 86_400_000)),
  };
  params = { ...routeParams, n: '1', '*': 'app.css' };
  routes = registeredRoutes(app).filter((r) => r.method !== 'HEAD');
  digest = new TableDigest(t.config.databaseFile);
});

afterAll(async () => {
  digest?.close();
  await t?.close();
});

function concrete(route: Route): string {
  if (route.url.startsWith('/admin/outbox/:id')) return route.url.replace(':id', outboxId);
  const prefix = route.url.split('/')[1] as keyof typeof tokens;
  return concretePath(route.url, { ...params, ...(tokens[prefix] ? { token: tokens[prefix] } : {}) });
}

const hex = (c: string, upper: boolean) => {
  const h = c.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? h.toUpperCase() : h}`;
};

/**
 * The ways of writing a route's path that the router decodes to it: the first character of each
 * fixed segment encoded, and every character of every fixed segment encoded (lower- and upper-case
 * hex). Parameters keep their values.
 */
function encodedVariants(route: Route): string[] {
  const template = route.url.split('/');
  const actual = concrete(route).split('/');
  const fixed = template.map((seg, i) => i > 0 && seg !== '' && !seg.startsWith(':') && seg !== '*');
  const encode = (pick: (i: number) => boolean, whole: boolean, upper: boolean) =>
    actual.map((seg, i) => (fixed[i] && pick(i) ? (whole ? [...seg].map((c) => hex(c, upper)).join('') : hex(seg[0]!, upper) + seg.slice(1)) : seg)).join('/');
  const variants = new Set<string>();
  fixed.forEach((isFixed, i) => isFixed && variants.add(encode((k) => k === i, false, false)));
  variants.add(encode(() => true, true, false));
  variants.add(encode(() => true, true, true));
  variants.delete(actual.join('/'));
  return [...variants];
}

/** One request from its own address (the login form's rate limit must not decide the answer). */
function send(method: string, url: string, headers: Record<string, string>, body?: string) {
  address += 1;
  const post = method !== 'GET';
  return t.app.inject({
    method: method as 'GET' | 'POST',
    url,
    remoteAddress: `10.7.${Math.floor(address / 250)}.${(address % 250) + 1}`,
    headers: { ...headers, ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(post ? { payload: body ?? '' } : {}),
  });
}

const adminRoutes = () => routes.filter((r) => r.url === '/admin' || r.url.startsWith('/admin/'));

describe('percent-encoded admin paths', () => {
  it('are routed: each variant of every route has a variant, and an encoded GET shows the researcher the same page', async () => {
    expect(adminRoutes().length).toBeGreaterThan(30);
    for (const route of adminRoutes()) expect(encodedVariants(route).length, route.url).toBeGreaterThan(0);
    expect(encodedVariants({ method: 'POST', url: '/admin/login' })).toContain('/%61dmin/login');
    for (const route of adminRoutes().filter((r) => r.method === 'GET')) {
      const plain = await send('GET', concrete(route), { accept: 'text/html', cookie: researcher.cookie });
      for (const url of encodedVariants(route)) {
        const res = await send('GET', url, { accept: 'text/html', cookie: researcher.cookie });
        expect(res.statusCode, url).toBe(plain.statusCode);
        if (plain.statusCode === 200) expect(/<title>[^<]*<\/title>/.exec(res.body)?.[0], url).toBe(/<title>[^<]*<\/title>/.exec(plain.body)?.[0]);
      }
    }
  });

  it('refuse a state-changing request without the CSRF token under every spelling, with a session or without one, changing nothing', async () => {
    const before = digest.all();
    for (const route of adminRoutes().filter((r) => r.method === 'POST')) {
      for (const url of [concrete(route), ...encodedVariants(route)]) {
        const signedIn = await send('POST', url, { accept: 'application/json', cookie: researcher.cookie }, '');
        expect(signedIn.statusCode, url).toBe(403);
        expect(signedIn.json(), url).toMatchObject({ code: 'CSRF' });
        const anonymous = await send('POST', url, { accept: 'application/json' }, '');
        // without a session: the login and setup forms need their pre-session token, the rest a session
        expect([401, 403], url).toContain(anonymous.statusCode);
        if (['/admin/login', '/admin/setup'].includes(route.url)) expect(anonymous.json(), url).toMatchObject({ code: 'CSRF' });
      }
    }
    expect(digest.all()).toBe(before);
  });

  it('let nobody be signed in by a cross-site login form: POST /%61dmin/login with valid credentials but no token', async () => {
    const victim = await loginAs(t.app, 'researcher', { email: 'aanvaller@example.test', password: 'correct horse battery staple' });
    const sessions = await t.app.db.selectFrom('sessions').select('id_hash').execute();
    for (const url of encodedVariants({ method: 'POST', url: '/admin/login' })) {
      const res = await send('POST', url, { accept: 'text/html' }, formBody({ email: victim.user.email, password: 'correct horse battery staple' }));
      expect(res.statusCode, url).toBe(403);
      expect(res.cookies.find((c) => c.name === 'sid'), url).toBeUndefined();
    }
    expect(await t.app.db.selectFrom('sessions').select('id_hash').execute()).toEqual(sessions);
    // with the form's own token the encoded path is the real login form
    const form = await send('GET', '/%61dmin/login', { accept: 'text/html' });
    const pre = form.cookies.find((c) => c.name === 'csrf_pre')!;
    const ok = await send('POST', '/%61dmin/login', { accept: 'text/html', cookie: `csrf_pre=${pre.value}` }, formBody({ email: victim.user.email, password: 'correct horse battery staple', _csrf: csrfFrom(form.body) }));
    expect(ok.statusCode).toBe(303);
    expect(ok.cookies.find((c) => c.name === 'sid')).toBeDefined();
  });
});

describe('percent-encoded respondent and opt-out paths', () => {
  it('are answered as the plain paths and never write the token to the log', async () => {
    const others = routes.filter((r) => !adminRoutes().includes(r));
    expect(others.map((r) => r.url)).toEqual(expect.arrayContaining(['/r/:token/pagina/:n', '/o/:token/start', '/optout/:token', '/bekijken/:token', '/voorbeeld/:token']));
    for (const route of others) {
      const plain = await send(route.method, concrete(route), { accept: 'text/html' }, '');
      for (const url of encodedVariants(route)) {
        const res = await send(route.method, url, { accept: 'text/html' }, '');
        // @fastify/static looks the file up by the URL as written: an encoded name is simply not found
        if (route.url === '/static/*') expect([plain.statusCode, 404], url).toContain(res.statusCode);
        else expect(res.statusCode, `${route.method} ${url}`).toBe(plain.statusCode);
      }
    }
    const log = lines.join('');
    expect(log).toContain('/r/[token]/pagina/1');
    for (const token of Object.values(tokens)) expect(log).not.toContain(token);
  });
});
