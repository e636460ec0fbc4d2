/**
 * national-round: the comparison page of one house in a national round of 33 houses × 3 waves × 165
 * invitees (~150 responses each), on the real server (child.ts serve, its own process), signed in
 * through the real login form as that house's evaluator (the other houses pooled into the benchmark
 * of 32 houses) and as a national evaluator (the other houses one by one, 32 of them chosen by
 * default). The database is built first in another process (child.ts setup), so the server's memory
 * baseline holds no trace of building it.
 *
 * - first view of each page: timed from this process right after the server started (no cached
 *   reports), then autocannon (1 connection) per user for the p50;
 * - analyze() of the house's wave (~150 responses), timed in the server process;
 * - the server's peak resident memory above its baseline (after a full GC, before the first view).
 * Targets: p50 ≤ 3 × analyze() for each user; memory ≤ 200 MB above the baseline.
 *
 * The trend pages (issue 16) are not on main yet: only the comparison page is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, startChild } from '../lib/child.js';
import { round } from '../lib/measure.js';
import type { Benchmark } from '../lib/types.js';
import { load, type LoadSettings } from '../http/index.js';
import { signIn, timedGet } from '../results/index.js';
import { HOUSE_EVALUATOR, NATIONAL_EVALUATOR, type NationalServerDone, type NationalServerReady, type NationalSetup } from './shared.js';

const P50_TARGET = 3;
const MEMORY_TARGET_MB = 200;

export const nationalRound: Benchmark = {
  name: 'national-round',
  what: 'compare page of one house in a national round (33 houses × 3 waves × 165 invitees, ~150 responses each): p50 vs one analyze(), server memory',
  async run({ quick }) {
    const size = quick ? { houses: 4, waves: 2, invitees: 30, responses: 25 } : { houses: 33, waves: 3, invitees: 165, responses: 150 };
    const s: LoadSettings = quick ? { connections: 1, pipelining: 1, duration: 1, warmup: 0.5, rounds: 1 } : { connections: 1, pipelining: 1, duration: 10, warmup: 2, rounds: 1 };
    const dir = mkdtempSync(join(tmpdir(), 'vhbench-national-'));
    try {
      const [setup] = await runChild<NationalSetup>('national/child.ts', ['setup', dir, String(size.houses), String(size.waves), String(size.invitees), String(size.responses)]);
      if (!setup) throw new Error('setup emitted nothing');
      const server = await startChild<NationalServerReady, NationalServerDone>('national/child.ts', ['serve', dir, setup.waveId], { nodeFlags: ['--expose-gc'] });
      let done: NationalServerDone | undefined;
      try {
        const r = server.ready;
        const base = `http://127.0.0.1:${r.port}`;
        const url = `${base}/admin/results/compare?wave=${encodeURIComponent(setup.waveId)}`;
        const users = [
          { name: 'house evaluator', cookie: await signIn(base, HOUSE_EVALUATOR.email, HOUSE_EVALUATOR.password) },
          { name: 'national evaluator', cookie: await signIn(base, NATIONAL_EVALUATOR.email, NATIONAL_EVALUATOR.password) },
        ];
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const measured = [];
        try {
          for (const user of users) {
            const first = await timedGet(url, user.cookie, agent, 'Alle huizen (gepoold)');
            const second = await timedGet(url, user.cookie, agent, 'Alle huizen (gepoold)');
            measured.push({ ...user, first, second });
          }
          // what each sees: the national evaluator the last house by name, the house's evaluator never
          const lastHouse = `Veiligheidshuis Regio ${String(size.houses).padStart(2, '0')}`;
          const body = async (cookie: string) => (await fetch(url, { headers: { cookie, accept: 'text/html' } })).text();
          if ((await body(users[0]!.cookie)).includes(lastHouse)) throw new Error('the house evaluator was shown another house by name');
          if (!(await body(users[1]!.cookie)).includes(lastHouse)) throw new Error('the national evaluator was not shown the other houses');
        } finally {
          agent.destroy();
        }
        const rounds = [];
        for (const m of measured) {
          const target = { name: m.name, url, headers: { cookie: m.cookie, accept: 'text/html' }, status: 200, pid: server.child.pid! };
          await load(target, s, s.warmup);
          rounds.push({ ...m, round: await load(target, s, s.duration) });
        }
        done = (await server.stop())[0];
        if (!done) throw new Error('the server emitted no memory figure');
        const failures = rounds.reduce((a, x) => a + x.round.errors + x.round.timeouts + x.round.unexpected, 0);
        const p50s = rounds.map((x) => x.round.latencyP50 / 1000);
        const worst = Math.max(...p50s);
        const ratio = round(worst / r.medianAnalyzeSeconds, 3);
        const memory = done.peakRssAboveBaselineMB;
        const ms = (x: number) => round(x * 1000, 1);
        return {
          value: round(worst * 1000, 2),
          unit: 'ms p50',
          ratio,
          target: `p50 ≤ ${P50_TARGET} × analyze() of one wave, memory ≤ ${MEMORY_TARGET_MB} MB above baseline`,
          pass: failures === 0 && ratio <= P50_TARGET && memory <= MEMORY_TARGET_MB,
          aside: `compare page p50 ${rounds.map((x) => `${x.name} ${ms(x.round.latencyP50 / 1000)} ms`).join(', ')}; analyze() ${ms(r.medianAnalyzeSeconds)} ms; memory +${memory} MB; trend pages not on main yet`,
          details: {
            houses: setup.houses,
            waves: setup.waves,
            responses: setup.responses,
            participants: setup.participants,
            setupSeconds: setup.seconds,
            waveResponses: r.waveResponses,
            analyzeSeconds: r.analyzeSeconds,
            medianAnalyzeSeconds: r.medianAnalyzeSeconds,
            analyzeColdSeconds: r.analyzeColdSeconds,
            pages: rounds.map((x) => ({
              user: x.name,
              page: 'compare',
              bytes: x.first.bytes,
              firstViewSeconds: round(x.first.seconds, 4),
              secondViewSeconds: round(x.second.seconds, 4),
              p50Seconds: round(x.round.latencyP50 / 1000, 4),
              p50OverAnalyze: round(x.round.latencyP50 / 1000 / r.medianAnalyzeSeconds, 3),
              autocannon: { ...x.round, settings: `${s.connections} connection, ${s.duration} s after ${s.warmup} s warm-up` },
            })),
            baselineRssMB: r.baselineRssMB,
            peakRssMB: done.peakRssMB,
            peakRssAboveBaselineMB: memory,
            memoryMethod: r.memoryMethod,
            failures,
            trend: 'not measured: the trend pages (issue 16) are not on main yet',
            method:
              `A database of ${setup.houses} houses × ${setup.waves / setup.houses} closed anonymous Stappenmeter waves a year apart, each with ${size.invitees} people on its list and ${size.responses} ± 10 responses (synthetic answers, a seed per wave), stored through drafts and the final submit in a setup process; ` +
              'the real app (buildApp, logger off, --expose-gc) serves it in its own process. analyze() of the first house\'s latest wave timed there (median of 9 after four runs); then a full GC and the peak of its resident memory reset (VmHWM): the baseline. ' +
              'A house evaluator of the first house and a national evaluator sign in through the login form; each opens GET /admin/results/compare?wave=<latest wave of house 1> twice (first view: no report cached yet for the first user; timed to the last byte), ' +
              'then autocannon (1 connection, the session cookie) per user for the p50. ratio = the larger p50 / analyze(); memory = the server\'s peak RSS above the baseline, read when it is stopped.',
          },
        };
      } finally {
        if (!done) await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
