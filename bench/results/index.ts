/**
 * results-page: an evaluator's GET of a closed wave's results page (5,000 responses) on the real server
 * (server.ts, its own process), signed in through the real login form.
 *
 * - first view: the page right after the report cache was emptied (another connection writes to the
 *   database file, as a command-line purge would: SQLite's data_version tells the server), timed from
 *   this process; second view: the same page at once again; five such pairs, medians;
 * - then autocannon (1 connection, the evaluator's cookie) for the p50 latency of the page;
 * - analyze() of the same wave, timed in the server process (server.ts).
 * Targets: p50 ≤ 1.5 × analyze(); second view ≤ 0.2 × first view.
 */
import { Agent, request } from 'node:http';
import SQLite from 'better-sqlite3';
import { startChild } from '../lib/child.js';
import { median, round } from '../lib/measure.js';
import type { Benchmark } from '../lib/types.js';
import { load, type LoadSettings } from '../http/index.js';
import type { ResultsServerReady } from './server.js';

const P50_TARGET = 1.5;
const SECOND_VIEW_TARGET = 0.2;

/** Sign in through the login form; returns the Cookie header of the session. */
export async function signIn(base: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${base}/admin/login`, { headers: { accept: 'text/html' } });
  const pre = /csrf_pre=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!pre || !csrf) throw new Error('the login page has no CSRF cookie or field');
  const res = await fetch(`${base}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `csrf_pre=${pre}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  const sid = /sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !sid) throw new Error(`login answered ${res.status}`);
  return `sid=${sid}`;
}

/** One GET on a kept-alive connection without Nagle's delay (as autocannon's), timed to the last byte of the body; the body must contain `mustContain`. */
export async function timedGet(url: string, cookie: string, agent: Agent, mustContain = 'Tabel 1'): Promise<{ seconds: number; bytes: number }> {
  const start = performance.now();
  const { status, body } = await new Promise<{ status: number; body: string }>((done, fail) => {
    const req = request(url, { agent, headers: { cookie, accept: 'text/html' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
      res.on('error', fail);
    });
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.on('error', fail);
    req.end();
  });
  const seconds = (performance.now() - start) / 1000;
  if (status !== 200 || !body.includes(mustContain)) throw new Error(`${url} answered ${status}${status === 200 ? ` without ${mustContain}` : ''}`);
  return { seconds, bytes: Buffer.byteLength(body) };
}

export const resultsPage: Benchmark = {
  name: 'results-page',
  what: "an evaluator's GET of a closed wave's results page (5,000 responses): p50 vs one analyze(), second view vs first",
  async run({ quick }) {
    const n = quick ? 300 : 5000;
    const pairs = quick ? 2 : 5;
    const s: LoadSettings = quick ? { connections: 1, pipelining: 1, duration: 1, warmup: 0.5, rounds: 1 } : { connections: 1, pipelining: 1, duration: 10, warmup: 2, rounds: 1 };
    const server = await startChild<ResultsServerReady>('results/server.ts', [String(n)]);
    try {
      const r = server.ready;
      const base = `http://127.0.0.1:${r.port}`;
      const url = `${base}/admin/results/${r.waveId}`;
      const cookie = await signIn(base, r.email, r.password);
      const other = new SQLite(r.databaseFile);
      // a write that changes a byte (a write that changes nothing commits nothing, and SQLite's data_version stays)
      let writes = 0;
      const writeElsewhere = () => other.prepare('update waves set title = ? where id = ?').run(`Partnerenquête 2026 (${++writes})`, r.waveId);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const first: number[] = [];
      const second: number[] = [];
      let bytes = 0;
      const target = { name: 'results', url, headers: { cookie, accept: 'text/html' }, status: 200, pid: server.child.pid! };
      try {
        // warm-up: the page's code is compiled and optimised by the time it is measured, for a cold report as for a cached one
        for (let i = 0; i < pairs; i++) {
          writeElsewhere();
          await timedGet(url, cookie, agent);
        }
        await load(target, s, s.warmup);
        for (let i = 0; i < pairs; i++) {
          // what any write by another process does: the server's cached reports are dropped
          writeElsewhere();
          const cold = await timedGet(url, cookie, agent);
          first.push(cold.seconds);
          second.push((await timedGet(url, cookie, agent)).seconds);
          bytes = cold.bytes;
        }
      } finally {
        other.close();
        agent.destroy();
      }
      const round1 = await load(target, s, s.duration);
      const failures = round1.errors + round1.timeouts + round1.unexpected;
      const p50 = round1.latencyP50 / 1000;
      const firstView = median(first);
      const secondView = median(second);
      const p50Ratio = round(p50 / r.medianAnalyzeSeconds, 3);
      const secondRatio = round(secondView / firstView, 3);
      return {
        value: round(p50 * 1000, 2),
        unit: 'ms p50',
        ratio: p50Ratio,
        target: `p50 ≤ ${P50_TARGET} × analyze(), second view ≤ ${SECOND_VIEW_TARGET} × first`,
        pass: failures === 0 && p50Ratio <= P50_TARGET && secondRatio <= SECOND_VIEW_TARGET,
        aside: `analyze() ${round(r.medianAnalyzeSeconds * 1000, 1)} ms${r.medianAnalyzeCpuSeconds === null ? '' : ` (CPU ${round(r.medianAnalyzeCpuSeconds * 1000, 1)} ms)`}; first view ${round(firstView * 1000, 1)} ms, second ${round(secondView * 1000, 1)} ms (${secondRatio})`,
        details: {
          responses: n,
          pageBytes: bytes,
          analyzeSeconds: r.analyzeSeconds,
          analyzeColdSeconds: r.analyzeColdSeconds,
          medianAnalyzeSeconds: r.medianAnalyzeSeconds,
          analyzeCpuSeconds: r.analyzeCpuSeconds,
          medianAnalyzeCpuSeconds: r.medianAnalyzeCpuSeconds,
          firstViewSeconds: first.map((x) => round(x, 4)),
          secondViewSeconds: second.map((x) => round(x, 4)),
          medianFirstViewSeconds: round(firstView, 4),
          medianSecondViewSeconds: round(secondView, 4),
          secondOverFirst: secondRatio,
          firstViewOverAnalyze: round(firstView / r.medianAnalyzeSeconds, 3),
          reportJsonKB: r.reportJsonKB,
          autocannon: { ...round1, settings: `${s.connections} connection, ${s.duration} s after ${s.warmup} s warm-up` },
          failures,
          method:
            'The real app (buildApp, logger off) in its own process with a closed anonymous Stappenmeter wave of 5,000 responses (stored through drafts and the final submit) and 5,500 participants; ' +
            'an evaluator signs in through the login form. Warm-up: five first views, then autocannon for 2 s. First view: GET /admin/results/<wave> right after another connection wrote to the database file (which empties the server\'s report cache, as any command-line write would); ' +
            'second view: the same GET at once after it; five pairs, medians, timed in the benchmark process (node:http on one kept-alive connection, TCP_NODELAY, to the last byte of the body). ' +
            'Then autocannon (1 connection, the session cookie) for the p50 latency. analyze(): the same call the results service makes, timed in the server process (median of 9 after four warm-up runs). ' +
            'ratio = p50 / analyze().',
        },
      };
    } finally {
      await server.stop();
    }
  },
};
