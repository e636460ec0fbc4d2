/**
 * The route matrix: every registered admin route × every grant × a wave (participant, mail job,
 * outbox message, evaluator account, open answer and its category) of the user's own house and of
 * another house. What each answer
 * must be is written here per scope, independently of services/access.ts: a route that declares a
 * scope is checked against what that scope promises. Routes are enumerated from the running app, so
 * a new route is in the matrix without anyone adding it; registering one without a scope fails (the
 * last describe), and a route that takes a wave, message or account in its path must declare a scope
 * that checks that object's house.
 *
 * POSTs are sent without a CSRF token: the access decision comes first (onRequest, before the body is
 * read), so a refused request answers 403 FORBIDDEN or 404, and an allowed one reaches the CSRF check
 * (403 CSRF) and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { ROUTE_SCOPES, type RouteScope } from '../../server/services/access.js';
import { createReviewLink } from '../../server/services/preview.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { loginAs, type LoggedIn } from '../helpers/auth.js';
import { registeredRoutes, type Route } from '../helpers/appRoutes.js';
import { TableDigest } from '../helpers/databaseFile.js';
import { makeHouse, makeInvitee, makeWave } from '../helpers/factories.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { storeResponses } from '../helpers/resultsPage.js';

type Who = 'nationalResearcher' | 'nationalEvaluator' | 'coordinator' | 'houseEvaluator' | 'noGrants';
type Expect = 'allow' | 'forbidden' | 'notFound';
type Side = 'own' | 'other';

const WHO: Who[] = ['nationalResearcher', 'nationalEvaluator', 'coordinator', 'houseEvaluator', 'noGrants'];

/** Researcher rights on the object's house: every house for a landelijk onderzoeker, their own for a coördinator (another house's object is not found). */
const OWN_HOUSE_RESEARCHER = {
  nationalResearcher: 'allow',
  nationalEvaluator: 'forbidden',
  coordinator: { own: 'allow', other: 'notFound' },
  houseEvaluator: 'forbidden',
  noGrants: 'forbidden',
} as const;

/** What each scope promises, per grant; for object scopes per side (the coordinator and house evaluator hold house A, "own"). */
const PROMISES: Record<Exclude<RouteScope, 'public'>, Record<Who, Expect | Record<Side, Expect>>> = {
  signedIn: { nationalResearcher: 'allow', nationalEvaluator: 'allow', coordinator: 'allow', houseEvaluator: 'allow', noGrants: 'allow' },
  manageWaves: { nationalResearcher: 'allow', nationalEvaluator: 'forbidden', coordinator: 'allow', houseEvaluator: 'forbidden', noGrants: 'forbidden' },
  manageWave: OWN_HOUSE_RESEARCHER,
  manageOutboxMessage: OWN_HOUSE_RESEARCHER,
  readResults: { nationalResearcher: 'allow', nationalEvaluator: 'allow', coordinator: 'allow', houseEvaluator: 'allow', noGrants: 'forbidden' },
  readWave: {
    nationalResearcher: 'allow',
    nationalEvaluator: 'allow',
    coordinator: { own: 'allow', other: 'notFound' },
    houseEvaluator: { own: 'allow', other: 'notFound' },
    noGrants: 'forbidden',
  },
  editOpenAnswers: OWN_HOUSE_RESEARCHER,
  manageEvaluators: { nationalResearcher: 'allow', nationalEvaluator: 'forbidden', coordinator: 'allow', houseEvaluator: 'forbidden', noGrants: 'forbidden' },
  manageAccount: OWN_HOUSE_RESEARCHER,
  manageAccounts: { nationalResearcher: 'allow', nationalEvaluator: 'forbidden', coordinator: 'forbidden', houseEvaluator: 'forbidden', noGrants: 'forbidden' },
  manageHouses: { nationalResearcher: 'allow', nationalEvaluator: 'forbidden', coordinator: 'forbidden', houseEvaluator: 'forbidden', noGrants: 'forbidden' },
  readAudit: { nationalResearcher: 'allow', nationalEvaluator: 'forbidden', coordinator: 'forbidden', houseEvaluator: 'forbidden', noGrants: 'forbidden' },
  addQuestionnaireVersions: { nationalResearcher: 'allow', nationalEvaluator: 'forbidden', coordinator: 'forbidden', houseEvaluator: 'forbidden', noGrants: 'forbidden' },
  manageRounds: { nationalResearcher: 'allow', nationalEvaluator: 'forbidden', coordinator: 'forbidden', houseEvaluator: 'forbidden', noGrants: 'forbidden' },
};

/** Route parameters that name an object with a house, and the scopes that check that house. */
const OBJECT_PARAMS: Record<string, readonly RouteScope[]> = {
  id: ['manageWave', 'readWave', 'manageOutboxMessage'],
  waveId: ['manageWave', 'readWave', 'editOpenAnswers'],
  uid: ['manageAccount', 'manageAccounts'],
};

let t: TestApp;
let routes: Array<Route & { scope: RouteScope }>;
const users = {} as Record<Who, LoggedIn>;
const params = {} as Record<Side, Record<string, string>>;
const titles = { own: 'Ronde Eigen Huis 2026', other: 'Ronde Ander Huis 2026' };
let digest: TableDigest;

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
  const { app } = t;
  const own = await makeHouse(app, 'Veiligheidshuis Eigen');
  const other = await makeHouse(app, 'Veiligheidshuis Ander');
  users.nationalResearcher = await loginAs(app, 'researcher');
  users.nationalEvaluator = await loginAs(app, 'evaluator');
  users.coordinator = await loginAs(app, [{ kind: 'coordinator', houseId: own }]);
  users.houseEvaluator = await loginAs(app, [{ kind: 'evaluator', houseId: own }]);
  users.noGrants = await loginAs(app, []);
  // the questionnaire store is shared by every house: its routes take a version and a review link
  await createReviewLink({ db: app.db, now: app.now(), actor: { system: 'cli' } }, { id: 'proef', version: '1' }, 'stuurgroep', 14);
  const link = await app.db.selectFrom('review_links').select('id').executeTakeFirstOrThrow();
  // a national round (no waves of its own here): its overview is for landelijk onderzoekers only
  const round = await app.db
    .insertInto('national_rounds')
    .values({ title: 'Landelijk 2026', questionnaire_id: 'proef', questionnaire_version: '1', opens_at: app.now().toISOString(), closes_at: app.now().toISOString(), reminder_days: '[7]', created_at: app.now().toISOString(), created_by: 'cli' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [side, house] of [
    ['own', own],
    ['other', other],
  ] as const) {
    const wave = await makeWave(app, 'proef', { house_id: house, title: titles[side], anonymous: 0 });
    const invitee = await makeInvitee(app, wave, { email: `deelnemer-${side}@example.test` });
    await app.mailer.runPass({ waveId: wave.id });
    const job = await app.db.selectFrom('mail_jobs').select('id').where('wave_id', '=', wave.id).executeTakeFirstOrThrow();
    const message = await app.db.selectFrom('outbox').select('outbox.id').innerJoin('mail_jobs', 'mail_jobs.id', 'outbox.job_id').where('mail_jobs.wave_id', '=', wave.id).executeTakeFirstOrThrow();
    const evaluatorOfHouse = await loginAs(app, [{ kind: 'evaluator', houseId: house }], { email: `evaluator-${side}@example.test` });
    // an open answer with a category, so the open-answer pages of either house have real rows to refuse
    await storeResponses(app, wave, [{ Q1: 1, Q7: `Goed overleg ${side}` }]);
    const answer = await app.db.selectFrom('answers').innerJoin('responses', 'responses.id', 'answers.response_id').select('answers.response_id').where('responses.wave_id', '=', wave.id).where('answers.variable', '=', 'Q7').executeTakeFirstOrThrow();
    const category = await app.db.insertInto('open_answer_categories').values({ wave_id: wave.id, item: 'Q7', label: 'Positief', position: 1 }).returning('id').executeTakeFirstOrThrow();
    params[side] = {
      id: wave.id,
      waveId: wave.id,
      pid: String(invitee.participant.id),
      jobId: String(job.id),
      outbox: String(message.id),
      uid: String(evaluatorOfHouse.user.id),
      houseId: String(house),
      format: 'codebook',
      item: 'Q7',
      answerId: `${answer.response_id}.Q7`,
      categoryId: String(category.id),
      qid: 'proef',
      version: '1',
      linkId: String(link.id),
      n: '1',
      roundId: String(round.id),
    };
  }
  routes = registeredRoutes(app)
    .filter((r) => r.method !== 'HEAD' && (r.url === '/admin' || r.url.startsWith('/admin/')))
    // Fastify registers a prefix's own route ('/') as both /admin and /admin/
    .map((r) => ({ ...r, scope: (app.adminScopes.get(`${r.method} ${r.url}`) ?? app.adminScopes.get(`${r.method} ${r.url.replace(/\/$/, '')}`) ?? app.adminScopes.get(`${r.method} ${r.url}/`))! }));
  digest = new TableDigest(t.config.databaseFile);
});

afterAll(async () => {
  digest?.close();
  await t?.close();
});

function concrete(route: Route, side: Side): string {
  const values = params[side];
  return route.url.replace(/:(\w+)/g, (_, name: string) => {
    const value = route.url.startsWith('/admin/outbox/:id') && name === 'id' ? values.outbox : values[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route.url}`);
    return value;
  });
}

async function answer(route: Route, who: Who, side: Side) {
  const post = route.method !== 'GET';
  return t.app.inject({
    method: route.method as 'GET' | 'POST',
    url: concrete(route, side),
    headers: { accept: 'application/json', cookie: users[who].cookie, ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
    ...(post ? { payload: '' } : {}),
  });
}

describe('the route matrix', () => {
  it('has every admin route with a declared scope, and every route naming a wave, message or account checks its house', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const r of routes) {
      expect(Object.hasOwn(ROUTE_SCOPES, r.scope), `${r.method} ${r.url}`).toBe(true);
      for (const [param, scopes] of Object.entries(OBJECT_PARAMS)) {
        if (r.url.includes(`:${param}`) && !r.url.startsWith('/admin/houses')) expect(scopes, `${r.method} ${r.url} (${r.scope})`).toContain(r.scope);
      }
    }
    // the scopes of this issue are all in use
    const used = new Set(routes.map((r) => r.scope));
    for (const scope of Object.keys(PROMISES)) expect(used, scope).toContain(scope);
  });

  it('answers every route × grant × own and other house as the route\'s scope promises, changing nothing', async () => {
    const before = digest.all();
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      if (route.scope === 'public') continue;
      for (const who of WHO) {
        for (const side of ['own', 'other'] as const) {
          const promise = PROMISES[route.scope][who];
          const expected = typeof promise === 'string' ? promise : promise[side];
          const res = await answer(route, who, side);
          checked += 1;
          const code = res.headers['content-type']?.toString().includes('json') && res.body ? (res.json() as { code?: string }).code : undefined;
          const label = `${route.method} ${route.url} as ${who} on ${side} house (${route.scope}): ${res.statusCode} ${code ?? ''}`;
          if (expected === 'forbidden' && !(res.statusCode === 403 && code === 'FORBIDDEN')) failures.push(`${label}, expected 403 FORBIDDEN`);
          if (expected === 'notFound' && res.statusCode !== 404) failures.push(`${label}, expected 404`);
          if (expected === 'allow') {
            const ok = route.method === 'GET' ? res.statusCode < 400 : res.statusCode === 403 && code === 'CSRF';
            if (!ok) failures.push(`${label}, expected ${route.method === 'GET' ? 'a page' : 'the CSRF check'}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(400);
    expect(digest.all()).toBe(before);
  });

  it('answers an object outside the grants exactly as one that does not exist', async () => {
    const outside = await t.app.inject({ url: `/admin/results/${params.other.waveId}`, headers: { accept: 'application/json', cookie: users.houseEvaluator.cookie } });
    const missing = await t.app.inject({ url: '/admin/results/GEENRONDE1', headers: { accept: 'application/json', cookie: users.houseEvaluator.cookie } });
    expect(outside.statusCode).toBe(404);
    expect(outside.body).toBe(missing.body);
  });
});

describe('lists, counts and searches', () => {
  const page = async (who: Who, url: string) => {
    const res = await t.app.inject({ url, headers: { accept: 'text/html', cookie: users[who].cookie } });
    expect(res.statusCode, `${who} ${url}`).toBe(200);
    return res.body;
  };

  it('show a house\'s coordinator and evaluator only their house; the national team every house', async () => {
    const lists: Array<[string, Who[]]> = [
      ['/admin/waves', ['coordinator']],
      ['/admin/participants', ['coordinator']],
      ['/admin/mail', ['coordinator']],
      ['/admin/outbox', ['coordinator']],
      [`/admin/outbox?ronde=${params.other.id}`, ['coordinator']],
      ['/admin/results', ['coordinator', 'houseEvaluator']],
      ['/admin/questionnaires', ['coordinator']],
      ['/admin/questionnaires/proef/1', ['coordinator']],
    ];
    for (const [url, limited] of lists) {
      for (const who of limited) {
        const body = await page(who, url);
        expect(body, `${who} ${url}`).not.toContain(titles.other);
        expect(body, `${who} ${url}`).not.toContain('deelnemer-other@example.test');
        if (!url.includes('ronde=')) expect(body, `${who} ${url}`).toContain(url.includes('outbox') ? 'deelnemer-own@example.test' : titles.own);
      }
      if (!url.includes('ronde=')) {
        const national = await page(url.startsWith('/admin/results') ? 'nationalEvaluator' : 'nationalResearcher', url);
        for (const side of ['own', 'other'] as const) {
          expect(national, url).toContain(url.includes('outbox') ? `deelnemer-${side}@example.test` : titles[side]);
        }
      }
    }
    // the waves to compare from (those with responses: none here) hold no other house's either
    for (const who of ['coordinator', 'houseEvaluator'] as const) expect(await page(who, '/admin/results/compare')).not.toContain(titles.other);
    // the accounts a coordinator sees: the evaluators of their house, no one else
    const accounts = await page('coordinator', '/admin/users');
    expect(accounts).toContain('evaluator-own@example.test');
    expect(accounts).not.toContain('evaluator-other@example.test');
    expect(accounts).not.toContain(users.nationalResearcher.user.email);
  });
});

describe('declaring a scope', () => {
  const config = () => loadConfig({ DATABASE_FILE: ':memory:', LOG_LEVEL: 'silent', MAIL_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_HOURS: '0' });

  it('refuses to register an admin route without a scope, or with one that does not exist', async () => {
    const app = await buildApp({ config: config(), logger: false });
    try {
      expect(() => app.get('/admin/geheim', async () => 'x')).toThrow(/GET \/admin\/geheim declares no access scope/);
      expect(() => app.get('/admin/ook-geheim', { config: { access: 'everyone' as RouteScope } }, async () => 'x')).toThrow(/declares no access scope/);
      // a route outside /admin needs none
      expect(() => app.get('/openbaar', async () => 'x')).not.toThrow();
    } finally {
      await app.close();
    }
  });

  it('refuses it inside a plugin under the /admin prefix too, so the app does not start', async () => {
    const app = await buildApp({ config: config(), logger: false });
    await expect(app.register(async (admin) => admin.post('/vragenlijsten', async () => 'x'), { prefix: '/admin' })).rejects.toThrow(
      /POST \/admin\/vragenlijsten declares no access scope/,
    );
    await app.close().catch(() => undefined);
  });
});
