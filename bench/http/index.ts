/**
 * page-render and submit: the real server (appServer.ts) and a bare Fastify baseline (bareServer.ts),
 * each in its own process on loopback, loaded by autocannon from this process with the same settings.
 * Every target is warmed up, then all are measured in turn, round after round, so a burst of load
 * from elsewhere on a shared machine hits each of them; the ratio is median(subject) / median(baseline).
 *
 * Beside requests/s each round records the server's CPU time per request and the share of a core
 * the server and the load generator used (from /proc): a server near 100 % is the bottleneck; a
 * baseline server well below it while the load generator is near 100 % means the baseline measures
 * the load generator.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startChild } from '../lib/child.js';
import { median, round } from '../lib/measure.js';
import type { BenchSettings, Benchmark } from '../lib/types.js';
import type { AppServerReady } from './appServer.js';

/** The page GET over a bare route sending a constant body of the same size. */
const PAGE_RENDER_TARGET = 0.4;
/** The page POST over a bare route echoing the parsed form body. */
const SUBMIT_TARGET = 0.3;
/** Invitations the submit benchmark posts to in turn. */
const SUBMIT_INVITATIONS = 20;

export interface LoadSettings {
  connections: number;
  pipelining: number;
  /** Seconds per measured round. */
  duration: number;
  warmup: number;
  rounds: number;
}

function loadSettings({ quick }: BenchSettings): LoadSettings {
  return quick ? { connections: 4, pipelining: 1, duration: 1, warmup: 0.5, rounds: 1 } : { connections: 10, pipelining: 1, duration: 8, warmup: 3, rounds: 3 };
}

export interface Target {
  name: string;
  url: string;
  /** Headers of every request (e.g. a session cookie). */
  headers?: Record<string, string>;
  requests?: Array<{ method: 'POST'; path: string; body: string; headers: Record<string, string> }>;
  /** The only status this target may answer with. */
  status: number;
  /** Process id of the server, for its CPU time. */
  pid: number;
}

export interface Round {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  total: number;
  errors: number;
  timeouts: number;
  /** Responses with another status than expected. */
  unexpected: number;
  statuses: Record<string, number>;
  /** Server CPU time (user + system) per request, µs. */
  serverCpuMicrosPerRequest: number | null;
  /** Share of one core the server used during the round. */
  serverCpuShare: number | null;
  /** Share of one core the load generator (this process) used. */
  loadGeneratorCpuShare: number;
}

/** CPU time of a process in µs (Linux /proc; clock ticks of 10 ms), or null elsewhere. */
function processCpuMicros(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/** One round of autocannon against a target, with the server's and the load generator's CPU time. */
export async function load(target: Target, s: LoadSettings, duration: number): Promise<Round> {
  const server0 = processCpuMicros(target.pid);
  const client0 = process.cpuUsage();
  const start = performance.now();
  const r = await autocannon({
    url: target.url,
    requests: target.requests,
    ...(target.headers ? { headers: target.headers } : {}),
    connections: s.connections,
    pipelining: s.pipelining,
    duration,
    timeout: 10,
  });
  const wallMicros = (performance.now() - start) * 1000;
  const client = process.cpuUsage(client0);
  const server1 = processCpuMicros(target.pid);
  const serverMicros = server0 !== null && server1 !== null ? server1 - server0 : null;
  const stats: Record<string, { count: number }> = r.statusCodeStats ?? {};
  const statuses = Object.fromEntries(Object.entries(stats).map(([code, v]) => [code, v.count]));
  const expected = statuses[String(target.status)] ?? 0;
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    requestsPerSecond: r.requests.average,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    total: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    unexpected: answered - expected,
    statuses,
    serverCpuMicrosPerRequest: serverMicros !== null && r.requests.total > 0 ? Math.round(serverMicros / r.requests.total) : null,
    serverCpuShare: serverMicros !== null ? round(serverMicros / wallMicros, 2) : null,
    loadGeneratorCpuShare: round((client.user + client.system) / wallMicros, 2),
  };
}

interface TargetResult {
  rps: number;
  ratio: number;
  failures: number;
  serverCpuMicrosPerRequest: number | null;
  rounds: Round[];
}

/** Warm every target up, then measure them in turn, round after round; the first target is the baseline. */
async function compare(targets: Target[], s: LoadSettings): Promise<Record<string, TargetResult>> {
  for (const t of targets) await load(t, s, s.warmup);
  const rounds: Round[][] = targets.map(() => []);
  for (let i = 0; i < s.rounds; i++) for (const [k, t] of targets.entries()) rounds[k]!.push(await load(t, s, s.duration));
  const rps = rounds.map((rs) => median(rs.map((r) => r.requestsPerSecond)));
  const cpu = (rs: Round[]) => {
    const xs = rs.map((r) => r.serverCpuMicrosPerRequest).filter((x): x is number => x !== null);
    return xs.length ? median(xs) : null;
  };
  return Object.fromEntries(
    targets.map((t, k) => [
      t.name,
      {
        rps: Math.round(rps[k]!),
        ratio: round(rps[k]! / rps[0]!, 3),
        failures: rounds[k]!.reduce((a, r) => a + r.errors + r.timeouts + r.unexpected, 0),
        serverCpuMicrosPerRequest: cpu(rounds[k]!),
        rounds: rounds[k]!,
      },
    ]),
  );
}

async function servers(invitations: number) {
  const [bare, app] = await Promise.all([startChild<{ port: number }>('http/bareServer.ts'), startChild<AppServerReady>('http/appServer.ts', [String(invitations), 'anonymous'])]);
  return {
    bare: { url: `http://127.0.0.1:${bare.ready.port}`, pid: bare.child.pid! },
    app: { url: `http://127.0.0.1:${app.ready.port}`, pid: app.child.pid! },
    ready: app.ready,
    async stop() {
      await Promise.all([bare.stop(), app.stop()]);
    },
  };
}

/** One POST of the page per invitation: its CSRF field, `_action=next` and an answer to every statement on it. */
async function pageRequests(base: string, tokens: string[], path: (token: string) => string) {
  const requests = [];
  let statements: string[] = [];
  for (const [i, token] of tokens.entries()) {
    const { status, body } = await get(`${base}${path(token)}`);
    if (status !== 200) throw new Error(`GET ${path('…')} answered ${status}`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (!csrf) throw new Error('no CSRF field on the page');
    statements = [...new Set([...body.matchAll(/type="radio"[^>]* name="(Q\d+_\d+)"/g)].map((m) => m[1]!))];
    const form = new URLSearchParams({ _csrf: csrf, _action: 'next' });
    statements.forEach((code, k) => form.append(code, String(1 + ((i + k) % 4))));
    requests.push({ method: 'POST' as const, path: path(token), body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }
  return { requests, statements };
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

const settingsText = (s: LoadSettings) =>
  `autocannon ${s.connections} connections, pipelining ${s.pipelining}, ${s.rounds} rounds of ${s.duration} s per target (in turn) after ${s.warmup} s warm-up each; ` +
  'every server with logger: false in its own Node process on 127.0.0.1; the app with the respondent rate limit raised to 10^9/min (still checked per request)';

/** The figures of every target except the rounds, for the details. */
function summary(results: Record<string, TargetResult>) {
  return Object.fromEntries(Object.entries(results).map(([name, r]) => [name, { rps: r.rps, ratio: r.ratio, serverCpuMicrosPerRequest: r.serverCpuMicrosPerRequest, failures: r.failures }]));
}

export const pageRender: Benchmark = {
  name: 'page-render',
  what: "GET of the Stappenmeter's largest page with saved answers vs a bare Fastify GET sending a constant body of the same size",
  async run(settings) {
    const s = loadSettings(settings);
    const srv = await servers(1);
    try {
      const token = srv.ready.tokens[0]!;
      // the largest page, as the respondent gets it: every page up to where the draft stands
      const sizes: Array<{ number: number; id: string; bytes: number; checked: number }> = [];
      for (const p of srv.ready.pages.filter((p) => p.number <= srv.ready.draftPage)) {
        const res = await get(`${srv.app.url}/r/${token}/pagina/${p.number}`);
        if (res.status !== 200) throw new Error(`page ${p.number} answered ${res.status}`);
        sizes.push({ number: p.number, id: p.id, bytes: Buffer.byteLength(res.body), checked: (res.body.match(/ (checked|selected)/g) ?? []).length });
      }
      const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      if (largest.checked === 0) throw new Error(`page ${largest.id} shows no saved answers`);
      const template = await startChild<{ port: number }>('http/templateServer.ts', [String(largest.number)]);
      let results: Record<string, TargetResult>;
      try {
        results = await compare(
          [
            { name: 'sameSizeConstant', url: `${srv.bare.url}/html/${largest.bytes}`, status: 200, pid: srv.bare.pid },
            { name: 'app', url: `${srv.app.url}/r/${token}/pagina/${largest.number}`, status: 200, pid: srv.app.pid },
            { name: 'templateOnly', url: `http://127.0.0.1:${template.ready.port}/page`, status: 200, pid: template.child.pid! },
            { name: 'oneWord', url: `${srv.bare.url}/`, status: 200, pid: srv.bare.pid },
          ],
          s,
        );
      } finally {
        await template.stop();
      }
      const app = results.app!;
      const baseline = results.sameSizeConstant!;
      return {
        value: app.rps,
        unit: 'req/s',
        ratio: app.ratio,
        target: `ratio ≥ ${PAGE_RENDER_TARGET.toFixed(2)} of the same-size constant page`,
        pass: app.ratio >= PAGE_RENDER_TARGET && app.failures === 0,
        aside: `server CPU ${app.serverCpuMicrosPerRequest} µs/request against ${baseline.serverCpuMicrosPerRequest} µs for the constant page of ${largest.bytes} bytes`,
        details: {
          baselineRps: baseline.rps,
          serverCpuMicrosPerRequest: app.serverCpuMicrosPerRequest,
          baselineServerCpuMicrosPerRequest: baseline.serverCpuMicrosPerRequest,
          page: { ...largest, pages: sizes },
          wave: 'anonymous (as every HTTP benchmark wave)',
          failures: app.failures,
          targets: summary(results),
          explain: {
            sameSizeConstant: 'the baseline: a bare Fastify route sending a constant HTML body as large as the page, the ceiling of any page of this size',
            templateOnly: "the page's real template and view model (renderPage) on a bare Fastify, no database, session or hooks: the ceiling of this template",
            oneWord: 'a bare Fastify route answering one word (the old baseline): mostly a measure of the load generator',
          },
          rounds: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.rounds])),
          settings: settingsText(s),
        },
      };
    } finally {
      await srv.stop();
    }
  },
};

export const submit: Benchmark = {
  name: 'submit',
  what: 'POST of the voorbereiding page (13 Likert answers, CSRF, "next") vs a bare Fastify POST echoing its form body',
  async run(settings) {
    const s = loadSettings(settings);
    const srv = await servers(SUBMIT_INVITATIONS);
    try {
      const page = srv.ready.pages.find((p) => p.id === 'voorbereiding');
      if (!page) throw new Error('the Stappenmeter has no voorbereiding page');
      const path = (token: string) => `/r/${token}/pagina/${page.number}`;
      const { requests, statements } = await pageRequests(srv.app.url, srv.ready.tokens, path);
      if (statements.length !== 13) throw new Error(`expected 13 statements on ${page.id}, found ${statements.length}`);

      // one request by hand: a valid page ends in a 303 to the next page
      const first = requests[0]!;
      const res = await fetch(`${srv.app.url}${first.path}`, { method: 'POST', body: first.body, headers: first.headers, redirect: 'manual' });
      if (res.status !== 303) throw new Error(`a valid POST answered ${res.status}: ${(await res.text()).slice(0, 300)}`);

      const [store, named] = await Promise.all([
        startChild<{ port: number }>('http/storeServer.ts', [String(SUBMIT_INVITATIONS)]),
        startChild<AppServerReady>('http/appServer.ts', [String(SUBMIT_INVITATIONS), 'named']),
      ]);
      let results: Record<string, TargetResult>;
      try {
        const namedRequests = await pageRequests(`http://127.0.0.1:${named.ready.port}`, named.ready.tokens, path);
        results = await compare(
          [
            { name: 'baseline', url: `${srv.bare.url}/echo`, requests: requests.map((r) => ({ ...r, path: '/echo' })), status: 200, pid: srv.bare.pid },
            { name: 'app', url: srv.app.url, requests, status: 303, pid: srv.app.pid },
            { name: 'storeOnly', url: `http://127.0.0.1:${store.ready.port}`, requests: requests.map((r) => ({ ...r, path: '/store' })), status: 303, pid: store.child.pid! },
            { name: 'appNamedWave', url: `http://127.0.0.1:${named.ready.port}`, requests: namedRequests.requests, status: 303, pid: named.child.pid! },
          ],
          s,
        );
      } finally {
        await Promise.all([store.stop(), named.stop()]);
      }
      // and afterwards the page shows what was posted: the answers were stored
      const after = await get(`${srv.app.url}${first.path}`);
      if (!statements.every((code, k) => after.body.includes(`name="${code}" value="${1 + (k % 4)}" checked`))) throw new Error('the posted answers are not on the page afterwards');
      const app = results.app!;
      return {
        value: app.rps,
        unit: 'req/s',
        ratio: app.ratio,
        target: `ratio ≥ ${SUBMIT_TARGET.toFixed(2)} of the bare echo POST, zero errors`,
        pass: app.ratio >= SUBMIT_TARGET && app.failures === 0,
        aside: `server CPU ${app.serverCpuMicrosPerRequest} µs/request; named wave ratio ${results.appNamedWave!.ratio}`,
        details: {
          baselineRps: results.baseline!.rps,
          serverCpuMicrosPerRequest: app.serverCpuMicrosPerRequest,
          wave: 'anonymous, as before issue 19 (a page save is a draft update in either kind; appNamedWave is the same on a non-anonymous wave)',
          page: page.id,
          statements: statements.length,
          invitations: SUBMIT_INVITATIONS,
          failures: app.failures,
          targets: summary(results),
          explain: {
            storeOnly: 'bare Fastify POST with the same form parser saving the posted answers with the real storePage() (one transaction), no session, CSRF, validation or routing: the ceiling of a submit that stores the page this way',
            appNamedWave: 'the same POSTs to the real app with a non-anonymous wave (its own server process)',
          },
          rounds: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.rounds])),
          settings: `${settingsText(s)}; each connection posts to the ${SUBMIT_INVITATIONS} invitations in turn; success = 303 See Other`,
        },
      };
    } finally {
      await srv.stop();
    }
  },
};
