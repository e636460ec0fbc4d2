/**
 * startup: how long the launcher (server/server.ts, run by Node with tsx as `npm start` does) takes
 * from its process start to the first 200 of GET /healthz: on an empty data folder (the database
 * created and migrated, the secret key generated) and on a database with the demo loaded (`demo`
 * command, outside the timing). Each start gets a fresh copy; one start first warms tsx's compile
 * cache (reported apart), then the median of the timed starts counts.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { nodeArgs, projectRoot, runProgram } from '../lib/child.js';
import { median, processCpuSeconds, round } from '../lib/measure.js';
import type { Benchmark } from '../lib/types.js';

const EMPTY_TARGET_SECONDS = 3;
const DEMO_TARGET_SECONDS = 5;

function freePort(): number {
  // a port from the ephemeral range unlikely to clash with the other benchmarks' OS-chosen ports
  return 20_000 + Math.floor(Math.random() * 10_000);
}

/**
 * One GET of /healthz: true on a 200. node:http without keep-alive rather than fetch: on two cores the
 * poller shares the CPU with the server it waits for, and a refused fetch (undici) costs several
 * times what a refused http.request does (200 attempts a second while the server starts).
 */
function healthy(port: number): Promise<boolean> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('error', () => done(false));
    req.end();
  });
}

/** Start the launcher on `dir`/survey.db: the seconds until /healthz answers 200, and the CPU seconds the server used until then. */
async function timeStart(dir: string): Promise<{ seconds: number; cpuSeconds: number | null }> {
  const port = freePort();
  const start = performance.now();
  const child = spawn(process.execPath, nodeArgs('../server/server.ts'), {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_FILE: join(dir, 'survey.db'), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', MAIL_INTERVAL_SECONDS: '0', RETENTION_INTERVAL_HOURS: '0' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  const closed = new Promise<void>((done) => child.once('close', () => ((exited = true), done())));
  try {
    // polling every 5 ms: the error of the figure is below 0.01 s
    for (;;) {
      if (exited) throw new Error('the server exited before answering /healthz');
      const ok = await healthy(port);
      if (ok) return { seconds: (performance.now() - start) / 1000, cpuSeconds: processCpuSeconds(child.pid!) };
      if (performance.now() - start > 60_000) throw new Error('no answer from /healthz within 60 s');
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
}

async function series(runs: number, fresh: () => string): Promise<{ firstSeconds: number; seconds: number[]; medianSeconds: number; cpuSeconds: Array<number | null>; medianCpuSeconds: number | null }> {
  const starts: Array<{ seconds: number; cpuSeconds: number | null }> = [];
  for (let i = 0; i <= runs; i++) {
    const dir = fresh();
    try {
      starts.push(await timeStart(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const [firstSeconds, ...seconds] = starts.map((t) => round(t.seconds, 3));
  const cpuSeconds = starts.slice(1).map((t) => t.cpuSeconds);
  const cpus = cpuSeconds.filter((c): c is number => c !== null);
  return { firstSeconds: firstSeconds!, seconds, medianSeconds: round(median(seconds), 3), cpuSeconds, medianCpuSeconds: cpus.length ? round(median(cpus), 2) : null };
}

export const startupBench: Benchmark = {
  name: 'startup',
  what: 'seconds from starting the launcher to the first 200 of /healthz: empty database, and with the demo loaded',
  async run({ quick }) {
    const runs = quick ? 1 : 5;
    const demoDir = mkdtempSync(join(tmpdir(), 'vhbench-demo-'));
    try {
      const demo = join(demoDir, 'survey.db');
      const loaded = await runProgram(process.execPath, nodeArgs('../server/cli.ts', ['demo']), { DATABASE_FILE: demo, LOG_LEVEL: 'silent' });
      if (!loaded || loaded.code !== 0) throw new Error(`demo failed: ${loaded?.stderr}`);
      const empty = await series(runs, () => mkdtempSync(join(tmpdir(), 'vhbench-start-')));
      const withDemo = await series(runs, () => {
        const dir = mkdtempSync(join(tmpdir(), 'vhbench-start-'));
        copyFileSync(demo, join(dir, 'survey.db'));
        copyFileSync(join(demoDir, 'secret.key'), join(dir, 'secret.key'));
        return dir;
      });
      return {
        value: empty.medianSeconds,
        unit: 's',
        target: `≤ ${EMPTY_TARGET_SECONDS} s on an empty database, ≤ ${DEMO_TARGET_SECONDS} s with the demo`,
        pass: empty.medianSeconds <= EMPTY_TARGET_SECONDS && withDemo.medianSeconds <= DEMO_TARGET_SECONDS,
        aside: `with the demo ${withDemo.medianSeconds} s; server CPU ${empty.medianCpuSeconds ?? '?'} and ${withDemo.medianCpuSeconds ?? '?'} s`,
        details: {
          empty,
          demo: withDemo,
          method:
            'node --import tsx server/server.ts (what `npm start` runs through tsx) in a fresh process with DATABASE_FILE in a fresh folder; ' +
            'timed from spawning it to the first 200 of GET /healthz (polled every 5 ms with node:http). Empty: no database file (created and migrated at start, secret key generated). ' +
            'Demo: a copy of a database the `demo` command loaded (with its secret key). The first start of each series warms the compile cache and is reported apart; ' +
            'the value is the median of the others. CPU: user + system time of the server process (every thread, the loader hooks of tsx included) when /healthz first answers, from /proc/<pid>/stat.',
        },
      };
    } finally {
      rmSync(demoDir, { recursive: true, force: true });
    }
  },
};
