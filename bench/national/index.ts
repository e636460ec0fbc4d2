/**
 * national-round: the comparison and trend pages of one house in a national round of 33 houses × 3 waves
 * × 165 invitees (~150 responses each), on the real server (child.ts serve, its own process), signed in
 * through the real login form as that house's evaluator (the other houses pooled into the benchmark
 * of 32 houses) and as a national evaluator (the other houses one by one, 32 of them chosen by
 * default). The database is built first in another process (child.ts setup), so the server's memory
 * baseline holds no trace of building it.
 *
 * - first view of each page: timed from this process right after the server started (no cached
 *   reports), then autocannon (1 connection) per user for the p50;
 * - analyze() of the house's wave (~150 responses), timed in the server process;
 * - the server's peak resident memory above its baseline (after a full GC, before the first view).
 * Targets: p50 of the comparison plus p50 of the trend page ≤ 3 × analyze() for each user; memory ≤
 * 200 MB above the baseline.
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
  what: 'compare + trend pages of one house in a national round (33 houses × 3 waves × 165 invitees, ~150 responses each): p50 vs one analyze(), server memory',
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
        const pages = [
          { page: 'compare', url: `${base}/admin/results/compare?wave=${encodeURIComponent(setup.waveId)}`, mustContain: 'Andere huizen (gepoold)' },
          { page: 'trend', url: `${base}/admin/results/trend?wave=${encodeURIComponent(setup.waveId)}`, mustContain: 'Landelijk per jaar' },
        ];
        const users = [
          { name: 'house evaluator', cookie: await signIn(base, HOUSE_EVALUATOR.email, HOUSE_EVALUATOR.password) },
          { name: 'national evaluator', cookie: await signIn(base, NATIONAL_EVALUATOR.email, NATIONAL_EVALUATOR.password) },
        ];
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const measured = [];
        try {
          for (const user of users) {
            for (const p of pages) {
              const first = await timedGet(p.url, user.cookie, agent, p.mustContain);
              const second = await timedGet(p.url, user.cookie, agent, p.mustContain);
              measured.push({ ...user, ...p, first, second });
            }
          }
          // what each sees: the list of pooled waves names every house, but only the national evaluator gets each house's means there;
          // the trend page names no other house
          const lastHouse = `Veiligheidshuis Regio ${String(size.houses).padStart(2, '0')}`;
          const body = async (url: string, cookie: string) => (await fetch(url, { headers: { cookie, accept: 'text/html' } })).text();
          const pooledList = (html: string) => {
            const from = html.indexOf('De rondes in het gemiddelde van de andere huizen');
            return from < 0 ? '' : html.slice(from, html.indexOf('</table>', from));
          };
          const [houseList, nationalList] = [pooledList(await body(pages[0]!.url, users[0]!.cookie)), pooledList(await body(pages[0]!.url, users[1]!.cookie))];
          if (!houseList.includes(lastHouse) || houseList.includes('Alle aspecten')) throw new Error("the house evaluator's list of pooled waves is not as expected (names only, no means)");
          if (!nationalList.includes(lastHouse) || !nationalList.includes('Alle aspecten')) throw new Error('the national evaluator was not shown the other houses one by one');
          for (const u of users) if ((await body(pages[1]!.url, u.cookie)).includes(lastHouse)) throw new Error(`the trend page of the ${u.name} named another house`);
        } finally {
          agent.destroy();
        }
        const rounds: Array<(typeof measured)[number] & { round: Awaited<ReturnType<typeof load>> }> = [];
        for (const m of measured) {
          const target: Parameters<typeof load>[0] = { name: `${m.name} ${m.page}`, url: m.url, headers: { cookie: m.cookie, accept: 'text/html' }, status: 200, pid: server.child.pid! };
          await load(target, s, s.warmup);
          rounds.push({ ...m, round: await load(target, s, s.duration) });
        }
        done = (await server.stop())[0];
        if (!done) throw new Error('the server emitted no memory figure');
        const failures = rounds.reduce((a, x) => a + x.round.errors + x.round.timeouts + x.round.unexpected, 0);
        // per user the p50 of the comparison plus that of the trend page: what opening both costs
        const p50s = users.map((u) => rounds.filter((x) => x.name === u.name).reduce((a, x) => a + x.round.latencyP50 / 1000, 0));
        const worst = Math.max(...p50s);
        const ratio = round(worst / r.medianAnalyzeSeconds, 3);
        const memory = done.peakRssAboveBaselineMB;
        const ms = (x: number) => round(x * 1000, 1);
        return {
          value: round(worst * 1000, 2),
          unit: 'ms p50',
          ratio,
          target: `p50(compare) + p50(trend) ≤ ${P50_TARGET} × analyze() of one wave, memory ≤ ${MEMORY_TARGET_MB} MB above baseline`,
          pass: failures === 0 && ratio <= P50_TARGET && memory <= MEMORY_TARGET_MB,
          aside: `p50 ${rounds.map((x) => `${x.name} ${x.page} ${ms(x.round.latencyP50 / 1000)} ms`).join(', ')}; analyze() ${ms(r.medianAnalyzeSeconds)} ms; memory +${memory} MB`,
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
              page: x.page,
              url: x.url.slice(base.length),
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
            p50SumPerUserSeconds: users.map((u, i) => ({ user: u.name, seconds: round(p50s[i]!, 4) })),
            method:
              `A database of ${setup.houses} houses × ${setup.waves / setup.houses} closed anonymous Stappenmeter waves a year apart, each with ${size.invitees} people on its list and ${size.responses} ± 10 responses (synthetic answers, a seed per wave), stored through drafts and the final submit in a setup process; ` +
              'the real app (buildApp, logger off, --expose-gc) serves it in its own process. analyze() of the first house\'s latest wave timed there (median of 9 after four runs); then a full GC and the peak of its resident memory reset (VmHWM): the baseline. ' +
              'A house evaluator of the first house and a national evaluator sign in through the login form; each opens GET /admin/results/compare?wave=<latest wave of house 1> twice, then GET /admin/results/trend?wave=<the same> twice (first view: no report cached yet for the first user; timed to the last byte), ' +
              'then autocannon (1 connection, the session cookie) per user and page for the p50. ratio = the larger of the users\' p50(compare) + p50(trend), over analyze(); memory = the server\'s peak RSS above the baseline, read when it is stopped.',
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
