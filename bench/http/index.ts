/**
 * page-render and submit: the real server (appServer.ts) and a bare Fastify baseline (bareServer.ts),
 * each in its own process on loopback, loaded by autocannon from this process with the same settings.
 * Baseline and subject are measured in alternating rounds after a warm-up of each, so a burst of load
 * from elsewhere on a shared machine hits both; the ratio is median(subject) / median(baseline).
 */
import autocannon from 'autocannon';
import { startChild } from '../lib/child.js';
import { median, round } from '../lib/measure.js';
import type { BenchSettings, Benchmark } from '../lib/types.js';
import type { AppServerReady } from './appServer.js';

const PAGE_RENDER_TARGET = 0.4;
const SUBMIT_TARGET = 0.25;
/** Invitations the submit benchmark posts to in turn. */
const SUBMIT_INVITATIONS = 20;

interface LoadSettings {
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

interface Target {
  url: string;
  method?: 'GET' | 'POST';
  requests?: Array<{ method: 'POST'; path: string; body: string; headers: Record<string, string> }>;
  /** The only status this target may answer with. */
  status: number;
}

interface Round {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  total: number;
  errors: number;
  timeouts: number;
  /** Responses with another status than expected. */
  unexpected: number;
  statuses: Record<string, number>;
}

async function load(target: Target, s: LoadSettings, duration: number): Promise<Round> {
  const r = await autocannon({
    url: target.url,
    method: target.method ?? 'GET',
    requests: target.requests,
    connections: s.connections,
    pipelining: s.pipelining,
    duration,
    timeout: 10,
  });
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
  };
}

/** Warm every target up, then measure them in turn, round after round; the first target is the baseline. */
async function compare(targets: Target[], s: LoadSettings) {
  for (const t of targets) await load(t, s, s.warmup);
  const rounds: Round[][] = targets.map(() => []);
  for (let i = 0; i < s.rounds; i++) for (const [k, t] of targets.entries()) rounds[k]!.push(await load(t, s, s.duration));
  const rps = rounds.map((rs) => median(rs.map((r) => r.requestsPerSecond)));
  const failures = rounds.map((rs) => rs.reduce((a, r) => a + r.errors + r.timeouts + r.unexpected, 0));
  return { rps, ratios: rps.map((x) => x / rps[0]!), failures, rounds };
}

async function servers(invitations: number) {
  const [bare, app] = await Promise.all([startChild<{ port: number }>('http/bareServer.ts'), startChild<AppServerReady>('http/appServer.ts', [String(invitations)])]);
  return {
    bare: `http://127.0.0.1:${bare.ready.port}`,
    app: `http://127.0.0.1:${app.ready.port}`,
    ready: app.ready,
    async stop() {
      await Promise.all([bare.stop(), app.stop()]);
    },
  };
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, body: await res.text() };
}

const settingsText = (s: LoadSettings) =>
  `autocannon ${s.connections} connections, pipelining ${s.pipelining}, ${s.rounds} alternating rounds of ${s.duration} s after ${s.warmup} s warm-up each; ` +
  'both servers with logger: false, each in its own Node process on 127.0.0.1; the app with the respondent rate limit raised to 10^9/min (still checked per request)';

export const pageRender: Benchmark = {
  name: 'page-render',
  what: "GET of the Stappenmeter's largest page with saved answers vs a bare Fastify GET returning a constant string",
  async run(settings) {
    const s = loadSettings(settings);
    const srv = await servers(1);
    try {
      const token = srv.ready.tokens[0]!;
      // the largest page, as the respondent gets it: every page up to where the draft stands
      const sizes: Array<{ number: number; id: string; bytes: number; checked: number }> = [];
      for (const p of srv.ready.pages.filter((p) => p.number <= srv.ready.draftPage)) {
        const res = await get(`${srv.app}/r/${token}/pagina/${p.number}`);
        if (res.status !== 200) throw new Error(`page ${p.number} answered ${res.status}`);
        sizes.push({ number: p.number, id: p.id, bytes: Buffer.byteLength(res.body), checked: (res.body.match(/ (checked|selected)/g) ?? []).length });
      }
      const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      if (largest.checked === 0) throw new Error(`page ${largest.id} shows no saved answers`);
      const result = await compare(
        [
          { url: `${srv.bare}/`, status: 200 },
          { url: `${srv.app}/r/${token}/pagina/${largest.number}`, status: 200 },
          { url: `${srv.bare}/html/${largest.bytes}`, status: 200 },
        ],
        s,
      );
      const ratio = result.ratios[1]!;
      return {
        value: Math.round(result.rps[1]!),
        unit: 'req/s',
        ratio: round(ratio, 3),
        target: `ratio ≥ ${PAGE_RENDER_TARGET.toFixed(2)}`,
        pass: ratio >= PAGE_RENDER_TARGET && result.failures[1] === 0,
        details: {
          baselineRps: Math.round(result.rps[0]!),
          page: { ...largest, pages: sizes },
          failures: result.failures[1],
          // a bare route sending a constant body as large as the page: no page of this size can beat it
          sameSizeConstant: { rps: Math.round(result.rps[2]!), ratio: round(result.ratios[2]!, 3) },
          rounds: { baseline: result.rounds[0], subject: result.rounds[1], sameSizeConstant: result.rounds[2] },
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
      const requests = [];
      let statements: string[] = [];
      for (const [i, token] of srv.ready.tokens.entries()) {
        const { status, body } = await get(`${srv.app}${path(token)}`);
        if (status !== 200) throw new Error(`GET ${page.id} answered ${status}`);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
        if (!csrf) throw new Error('no CSRF field on the page');
        statements = [...new Set([...body.matchAll(/type="radio"[^>]* name="(Q\d+_\d+)"/g)].map((m) => m[1]!))];
        const form = new URLSearchParams({ _csrf: csrf, _action: 'next' });
        statements.forEach((code, k) => form.append(code, String(1 + ((i + k) % 4))));
        requests.push({ method: 'POST' as const, path: path(token), body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      }
      if (statements.length !== 13) throw new Error(`expected 13 statements on ${page.id}, found ${statements.length}`);

      // one request by hand: a valid page ends in a 303 to the next page, and the answers are stored
      const first = requests[0]!;
      const res = await fetch(`${srv.app}${first.path}`, { method: 'POST', body: first.body, headers: first.headers, redirect: 'manual' });
      if (res.status !== 303) throw new Error(`a valid POST answered ${res.status}: ${(await res.text()).slice(0, 300)}`);

      const result = await compare(
        [
          { url: `${srv.bare}/echo`, requests: requests.map((r) => ({ ...r, path: '/echo' })), status: 200 },
          { url: srv.app, requests, status: 303 },
        ],
        s,
      );
      const ratio = result.ratios[1]!;
      const after = await get(`${srv.app}${first.path}`);
      const stored = statements.every((code, k) => after.body.includes(`name="${code}" value="${1 + (k % 4)}" checked`));
      if (!stored) throw new Error('the posted answers are not on the page afterwards');
      return {
        value: Math.round(result.rps[1]!),
        unit: 'req/s',
        ratio: round(ratio, 3),
        target: `ratio ≥ ${SUBMIT_TARGET.toFixed(2)}, zero errors`,
        pass: ratio >= SUBMIT_TARGET && result.failures[1] === 0,
        details: {
          baselineRps: Math.round(result.rps[0]!),
          page: page.id,
          statements: statements.length,
          invitations: SUBMIT_INVITATIONS,
          failures: result.failures[1],
          rounds: { baseline: result.rounds[0], subject: result.rounds[1] },
          settings: `${settingsText(s)}; each connection posts to the ${SUBMIT_INVITATIONS} invitations in turn; success = 303 See Other`,
        },
      };
    } finally {
      await srv.stop();
    }
  },
};
