/**
 * Bad input on the respondent side, property-based with a fixed seed: thousands of malformed
 * requests to the invitation, open-link and opt-out routes — wrong types, out-of-range codes,
 * unknown and prototype-polluting fields, repeated fields, oversized bodies, broken percent-encodings,
 * wrong content types, missing, stale and forged `_csrf` values, unknown and malformed tokens.
 *
 * For every response: no 5xx; a refusal carries a message (a Dutch page with role="alert" or
 * problem+json with a detail); a refused request changes no row (digest of every table). The one
 * exception is by design: a page that fails validation (422) keeps what was valid in the draft, so
 * there only `drafts` and `invitations` (the 'started' mark) may change. At the end the database is
 * intact and every stored response passes the questionnaire's own validation.
 */
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { draftValues } from '../../server/db/repositories/drafts.js';
import { answersOf } from '../../server/db/repositories/responses.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { firstFault } from '../../server/domain/respondent/pages.js';
import { hashToken, randomToken } from '../../server/security/tokens.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { Client, pageForm } from '../helpers/formClient.js';
import { refusalMessage } from '../helpers/appRoutes.js';
import { TableDigest } from '../helpers/databaseFile.js';
import { completeProef, page1, page2 } from '../helpers/proefAnswers.js';

const SEED = 20261122;
const RUNS = Number(process.env.HARDENING_RUNS ?? 6000);

let t: TestApp;
let digest: TableDigest;
let reader: SQLite.Database;
let waveId: string;
const tokens = { open: [] as string[], done: [] as string[], closed: '', optedOut: '', openLink: '' };
let openDrafts: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() }, { respondentRateLimitMax: 1_000_000 });
  const { app } = t;
  const wave = await makeWave(app, 'proef');
  waveId = wave.id;
  for (let i = 0; i < 40; i++) tokens.open.push((await makeInvitee(app, wave)).token);
  // some are under way (drafts at different pages), some finished
  for (const [i, token] of tokens.open.slice(0, 12).entries()) {
    const client = new Client(app);
    let page = await client.get(`/r/${token}/pagina/1`);
    page = await client.submit(pageForm(page), page1, 'Volgende');
    if (i % 2 === 0) await client.submit(pageForm(page), page2, 'Volgende');
  }
  for (let i = 0; i < 5; i++) {
    const { token } = await makeInvitee(app, wave);
    await completeProef(new Client(app), `/r/${token}`);
    tokens.done.push(token);
  }
  const closed = await makeWave(app, 'proef', { closes_at: new Date(app.now().getTime() - 3600_000).toISOString(), opens_at: new Date(app.now().getTime() - 7 * 86400_000).toISOString() });
  tokens.closed = (await makeInvitee(app, closed)).token;
  const opted = await makeInvitee(app, wave);
  await app.db.updateTable('participants').set({ opted_out_at: app.now().toISOString() }).where('id', '=', opted.participant.id).execute();
  tokens.optedOut = opted.token;
  tokens.openLink = randomToken();
  await app.db.updateTable('waves').set({ open_link_hash: hashToken(tokens.openLink) }).where('id', '=', wave.id).execute();
  for (let i = 0; i < 3; i++) {
    const client = new Client(app);
    const intro = await client.get(`/o/${tokens.openLink}`);
    await client.submit(intro.forms.find((f) => f.action.endsWith('/start'))!, {});
    openDrafts.push(client.cookies.get('vh_concept')!);
  }
  openDrafts = openDrafts.filter(Boolean);
  digest = new TableDigest(t.config.databaseFile);
  reader = new SQLite(t.config.databaseFile, { readonly: true });
});

afterAll(async () => {
  reader?.close();
  digest?.close();
  await t?.close();
});

function respondentCsrf(token: string): string {
  return t.app.secrets.sign('csrf-respondent', hashToken(token));
}

const QUESTION_FIELDS = ['Q1', 'Q1_other', 'Q2', 'M1_1', 'M1_2', 'M1_3', 'M2_1', 'M2_2', 'Q3', 'Q3_other', 'Q4_1', 'Q4_2', 'Q4_3', 'Q4_4', 'Q5', 'Q5_weetniet', 'Q6_a', 'Q6_b', 'Q6_c', 'Q7', 'Q8', 'Q9', 'Q10_naam', 'Q10_email', 'response'];
const ODD_FIELDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__proto__[x]', 'Q1[]', 'Q3[0]', 'a.b', '', ' ', '_action[]', '_csrf[]'];

const oddValue = fc.constantFrom(
  '', ' ', '0', '-1', '5', '6', '99', '999', '1000', '9999999999999999999999', '1e309', '-0', 'NaN', 'Infinity', '0x10', '1.5', '1,5', '３', '٣',
  'true', 'null', 'undefined', '[]', '{}', '\u0000', '\uFEFF1', '1\n2', '<script>alert(1)</script>', "' or 1=1 --", 'x'.repeat(600), '😀'.repeat(30),
  '%', '%ZZ', '%E0%A4', 'a@b', 'geen e-mail', 'jan@example.nl',
);
const fieldValue = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('1', '2', '3', '4', '5', 'next', 'back', 'submit') },
  { weight: 4, arbitrary: oddValue },
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 100_000 }).map(String) },
  { weight: 2, arbitrary: fc.double().map(String) },
  { weight: 3, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 5000 }) },
);
const fieldName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...QUESTION_FIELDS) },
  { weight: 2, arbitrary: fc.constantFrom(...ODD_FIELDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const fields = fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 25 });

type TokenKind = 'open' | 'done' | 'closed' | 'optedOut' | 'unknown' | 'malformed';
const tokenArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant<TokenKind>('open') },
  { weight: 1, arbitrary: fc.constantFrom<TokenKind>('done', 'closed', 'optedOut', 'unknown', 'malformed') },
);
const csrfArb = fc.oneof(
  { weight: 12, arbitrary: fc.constant('valid') },
  { weight: 1, arbitrary: fc.constantFrom('missing', 'stale', 'forged', 'empty', 'twice', 'header-only') },
);
const encodingArb = fc.oneof(
  { weight: 10, arbitrary: fc.constant('urlencoded') },
  { weight: 3, arbitrary: fc.constant('broken-percent') },
  { weight: 2, arbitrary: fc.constantFrom('json', 'json-broken', 'multipart', 'text', 'no-type', 'charset-utf16', 'empty') },
  { weight: 1, arbitrary: fc.constant('huge') },
);
const pageArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant('1') },
  { weight: 4, arbitrary: fc.integer({ min: 2, max: 6 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '99999', '1e2', 'abc', '%31', '１', '1.0', '01', '%00', '%ZZ', '') },
);
const routeArb = fc.constantFrom('page', 'page', 'page', 'page', 'repeat', 'edit', 'open-start', 'open-page', 'optout', 'get-page');
const acceptArb = fc.constantFrom('text/html', 'text/html', 'application/json', '*/*', '');

const HUGE = `Q7=${'x'.repeat(1024 * 1024 + 100)}`;

interface Generated {
  route: string;
  token: TokenKind;
  pick: number;
  page: string;
  csrf: string;
  encoding: string;
  fields: Array<[string, string]>;
  action: string | null;
  accept: string;
  cookie: number;
}

const requestArb: fc.Arbitrary<Generated> = fc.record({
  route: routeArb,
  token: tokenArb,
  pick: fc.nat(),
  page: pageArb,
  csrf: csrfArb,
  encoding: encodingArb,
  fields,
  action: fc.option(fc.constantFrom('next', 'back', 'submit', 'Volgende', 'weg', ''), { nil: null }),
  accept: acceptArb,
  cookie: fc.integer({ min: -1, max: 5 }),
});

/** The open-link draft cookie a request carries (random values are fixed per request by `cookieFallback`). */
const cookieFallback = new WeakMap<Generated, string>();
function openCookie(g: Generated): string | undefined {
  if (g.cookie < 0) return undefined;
  const known = openDrafts[g.cookie % openDrafts.length];
  if (known) return known;
  if (!cookieFallback.has(g)) cookieFallback.set(g, randomToken());
  return cookieFallback.get(g);
}

function tokenFor(g: Generated): string {
  switch (g.token) {
    case 'open':
      return tokens.open[g.pick % tokens.open.length]!;
    case 'done':
      return tokens.done[g.pick % tokens.done.length]!;
    case 'closed':
      return tokens.closed;
    case 'optedOut':
      return tokens.optedOut;
    case 'unknown':
      return randomToken();
    case 'malformed':
      return ['%ZZ', 'abc', "x'--", '..%2F..', 'A'.repeat(101), '%E0%A4%A', encodeURIComponent('ééé<>'), ''][g.pick % 8]!;
  }
}

function body(g: Generated, csrf: string | undefined): { headers: Record<string, string>; payload?: string } {
  const pairs: Array<[string, string]> = [...g.fields];
  if (g.action !== null) pairs.push(['_action', g.action]);
  if (csrf !== undefined && g.csrf !== 'header-only') pairs.push(['_csrf', csrf]);
  if (g.csrf === 'twice' && csrf !== undefined) pairs.push(['_csrf', csrf]);
  const form = new URLSearchParams(pairs).toString();
  const urlencoded = 'application/x-www-form-urlencoded';
  const extra: Record<string, string> = g.csrf === 'header-only' && csrf ? { 'x-csrf-token': csrf } : {};
  switch (g.encoding) {
    case 'urlencoded':
      return { headers: { 'content-type': urlencoded, ...extra }, payload: form };
    case 'broken-percent': {
      const broken = ['%', '%Z', '%E0%A4', '%C0%AF', '%FF%FE', '%ED%A0%80', '%%', '%u00e9'];
      return { headers: { 'content-type': urlencoded, ...extra }, payload: `${form}&${broken[g.pick % broken.length]}=${broken[(g.pick >> 3) % broken.length]}&Q7=a${broken[(g.pick >> 6) % broken.length]}b` };
    }
    case 'json':
      return { headers: { 'content-type': 'application/json', ...extra }, payload: JSON.stringify(Object.fromEntries(pairs.map(([k, v], i) => [k, i % 3 === 0 ? { v } : i % 3 === 1 ? [v, v] : Number(v)]))) };
    case 'json-broken':
      return { headers: { 'content-type': 'application/json', ...extra }, payload: `{"Q1": ${form.slice(0, 20)}` };
    case 'multipart':
      return { headers: { 'content-type': 'multipart/form-data; boundary=zzz', ...extra }, payload: `--zzz\r\nContent-Disposition: form-data; name="Q1"\r\n\r\n1\r\n--zzz` };
    case 'text':
      return { headers: { 'content-type': 'text/plain', ...extra }, payload: form };
    case 'no-type':
      return { headers: { ...extra }, payload: form };
    case 'charset-utf16':
      return { headers: { 'content-type': `${urlencoded}; charset=utf-16`, ...extra }, payload: form };
    case 'empty':
      return { headers: { 'content-type': urlencoded, ...extra }, payload: '' };
    default:
      return { headers: { 'content-type': urlencoded, ...extra }, payload: HUGE };
  }
}

function build(g: Generated): InjectOptions {
  const token = tokenFor(g);
  const valid = g.token === 'open' || g.token === 'done' || g.token === 'closed' || g.token === 'optedOut';
  const other = tokens.open[(g.pick + 1) % tokens.open.length]!;
  const csrf =
    g.csrf === 'missing'
      ? undefined
      : g.csrf === 'stale'
        ? respondentCsrf(other)
        : g.csrf === 'forged'
          ? randomToken()
          : g.csrf === 'empty'
            ? ''
            : valid
              ? respondentCsrf(token)
              : randomToken();
  const headers: Record<string, string> = g.accept ? { accept: g.accept } : {};
  const openToken = g.token === 'open' || g.token === 'done' ? tokens.openLink : token;
  const cookie = openCookie(g);
  switch (g.route) {
    case 'get-page':
      return { method: 'GET', url: `/r/${token}/pagina/${g.page}?${new URLSearchParams(g.fields.slice(0, 3)).toString()}`, headers };
    case 'repeat':
      return { method: 'POST', url: `/r/${token}/opnieuw`, ...merge(headers, body(g, csrf)) };
    case 'edit':
      return { method: 'POST', url: `/r/${token}/wijzigen`, ...merge(headers, body(g, csrf)) };
    case 'open-start':
      return { method: 'POST', url: `/o/${openToken}/start`, ...merge(headers, body(g, g.csrf === 'valid' ? t.app.secrets.sign('csrf-respondent', `open:${hashToken(openToken)}`) : csrf)) };
    case 'open-page': {
      const openCsrf = g.csrf === 'valid' && cookie ? t.app.secrets.sign('csrf-respondent', cookie) : csrf;
      const req = merge(headers, body(g, openCsrf));
      if (cookie) req.headers.cookie = `vh_concept=${cookie}`;
      return { method: 'POST', url: `/o/${openToken}/pagina/${g.page}`, ...req };
    }
    case 'optout':
      return { method: 'POST', url: `/optout/${token}`, ...merge(headers, body(g, csrf)) };
    default:
      return { method: 'POST', url: `/r/${token}/pagina/${g.page}`, ...merge(headers, body(g, csrf)) };
  }
}

function merge(headers: Record<string, string>, b: { headers: Record<string, string>; payload?: string }) {
  return { headers: { ...headers, ...b.headers }, payload: b.payload };
}

const stats = new Map<string, number>();

type Row = Record<string, unknown>;
const rowsOf = (table: 'invitations' | 'drafts'): Map<string, Row> =>
  new Map((reader.prepare(`select * from ${table}`).all() as Row[]).map((r) => [String(r.id), r]));

/**
 * What a 422 on a page may change, and nothing more: the draft of the respondent who posted (the valid
 * answers are kept) and, for an invitation, its status from 'invited' to 'started'.
 */
function expectOnlyOwnDraftChanged(g: Generated, before: { invitations: Map<string, Row>; drafts: Map<string, Row> }, where: string): void {
  const invitations = rowsOf('invitations');
  const ownInvitation = g.route === 'page' ? reader.prepare('select id from invitations where token_hash = ?').pluck().get(hashToken(tokenFor(g))) : undefined;
  expect([...invitations.keys()].sort(), where).toEqual([...before.invitations.keys()].sort());
  for (const [id, row] of invitations) {
    const was = before.invitations.get(id)!;
    if (JSON.stringify(row) === JSON.stringify(was)) continue;
    expect(String(ownInvitation), `${where}: invitation ${id} changed`).toBe(id);
    expect({ ...row, status: was.status }, `${where}: invitation ${id}`).toEqual(was);
    expect([was.status, row.status], where).toEqual(['invited', 'started']);
  }
  const drafts = rowsOf('drafts');
  const own = (d: Row) => (g.route === 'page' ? String(d.invitation_id) === String(ownInvitation) : d.id === openCookie(g));
  for (const [id, row] of before.drafts) if (!own(row)) expect(drafts.get(id), `${where}: another draft changed`).toEqual(row);
  for (const [id, row] of drafts) if (!before.drafts.has(id)) expect(own(row), `${where}: a new draft that is not the poster's`).toBe(true);
}

describe('malformed respondent requests', () => {
  it(`${RUNS} generated requests: never a 5xx, every refusal explained, nothing changed by a refusal`, async () => {
    let requests = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (g) => {
        const request = build(g);
        const before = digest.tables();
        const beforeRows = { invitations: rowsOf('invitations'), drafts: rowsOf('drafts') };
        // spread over addresses: the rate limits are tested elsewhere (access.test.ts)
        const res = await t.app.inject({ ...request, remoteAddress: `10.${g.pick % 200}.${g.cookie + 1}.1` });
        requests += 1;
        const key = `${g.route} ${res.statusCode}`;
        stats.set(key, (stats.get(key) ?? 0) + 1);
        const where = `${request.method} ${request.url?.toString().slice(0, 120)} [${g.encoding}, csrf ${g.csrf}] → ${res.statusCode}`;
        expect(res.statusCode, where).toBeLessThan(500);
        if (res.statusCode < 400) return;
        expect(refusalMessage(res), `${where}: ${res.body.slice(0, 300)}`).toBeDefined();
        const after = digest.tables();
        const pagePost = request.method === 'POST' && /^\/[ro]\/[^/]+\/pagina\//.test(String(request.url));
        for (const table of Object.keys(before)) {
          if (res.statusCode === 422 && pagePost && (table === 'drafts' || table === 'invitations')) continue;
          expect(after[table], `${where}: table ${table} changed`).toBe(before[table]);
        }
        if (res.statusCode === 422 && pagePost) expectOnlyOwnDraftChanged(g, beforeRows, where);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(requests).toBeGreaterThanOrEqual(RUNS);
    if (process.env.HARDENING_STATS) console.log([...stats].sort());
    // the generator reached the interesting places, not only the refusals at the door
    const count = (re: RegExp) => [...stats].filter(([k]) => re.test(k)).reduce((n, [, c]) => n + c, 0);
    expect(count(/^page 422$/)).toBeGreaterThan(RUNS / 20);
    expect(count(/^page 303$/)).toBeGreaterThan(RUNS / 20);
    expect(count(/^open-page 422$/)).toBeGreaterThan(RUNS / 100);
    for (const status of [400, 403, 404, 409, 410, 413, 415]) expect(count(new RegExp(` ${status}$`)), String(status)).toBeGreaterThan(RUNS / 200);
  }, 240_000);

  it('leaves an intact database in which every stored response passes the questionnaire\'s validation', async () => {
    const raw = new SQLite(t.config.databaseFile, { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
    } finally {
      raw.close();
    }
    const wave = await t.app.db.selectFrom('waves').selectAll().where('id', '=', waveId).executeTakeFirstOrThrow();
    const questionnaire = waveQuestionnaire(wave);
    const known = new Set(questionnaire.variables.map((v) => v.code));
    const responses = await t.app.db.selectFrom('responses').select('id').where('wave_id', '=', waveId).execute();
    expect(responses.length).toBeGreaterThanOrEqual(5);
    for (const r of responses) {
      const values = await answersOf(t.app.db, r.id);
      for (const code of Object.keys(values)) expect(known).toContain(code);
      expect(firstFault(questionnaire, values), JSON.stringify(values)).toBeUndefined();
    }
    for (const d of await t.app.db.selectFrom('drafts').selectAll().execute()) {
      const values = draftValues(d);
      for (const code of Object.keys(values)) expect(known).toContain(code);
    }
  });
});
