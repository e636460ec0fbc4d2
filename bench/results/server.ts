/**
 * The app under test for results-page: `server.ts <responses>`. Builds the real app on a fresh SQLite
 * file (logging off), stores a closed anonymous Stappenmeter wave with that many responses (and its
 * participant list), creates an evaluator account, and times analyze() of the wave's responses here,
 * in the process that serves the page (the same call the results service makes; loading the
 * responses is outside the timing): one cold run, three more, then the median of nine. Listens on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../server/app.js';
import { benchConfig } from '../lib/config.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { createAccount } from '../lib/accounts.js';
import { emit } from '../lib/child.js';
import { closedWaveWithResponses } from '../lib/closedWave.js';
import { median, round, threadTimes } from '../lib/measure.js';

export interface ResultsServerReady {
  port: number;
  waveId: string;
  databaseFile: string;
  email: string;
  password: string;
  analyzeSeconds: number[];
  analyzeColdSeconds: number;
  medianAnalyzeSeconds: number;
  /** The main thread's CPU time in each timed run and its median (null off Linux): on a loaded machine the wall time of a run moves with the load, its CPU time much less. */
  analyzeCpuSeconds: number[] | null;
  medianAnalyzeCpuSeconds: number | null;
  /** Size of the report as JSON, what one cache entry holds (roughly). */
  reportJsonKB: number;
}

const n = Number(process.argv[2] ?? 5000);
const dir = mkdtempSync(join(tmpdir(), 'vhbench-results-'));
const databaseFile = join(dir, 'bench.db');
const config = benchConfig(dir);
const app = await buildApp({ config, logger: false });
await app.ready();
const { wave } = await closedWaveWithResponses(app, n);
const email = 'evaluator@veiligheidshuis.example';
const password = 'benchmark-evaluator-password';
await createAccount(app, { email, password }, [{ kind: 'evaluator', houseId: wave.house_id }]);

const questionnaire = waveQuestionnaire(wave);
const { responses } = await loadWaveResponses(app.db, wave.id);
const time = () => {
  const before = threadTimes();
  const start = process.hrtime.bigint();
  const report = analyze(questionnaire, responses, { minCellSize: wave.min_cell_size });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const after = threadTimes();
  return { seconds, cpu: before && after ? after.cpu - before.cpu : null, report };
};
const cold = time();
// as warm as the page's code will be when it is measured: a few runs first, then the median of nine
for (let i = 0; i < 3; i++) time();
const timed = Array.from({ length: 9 }, () => time());
const runs = timed.map((r) => r.seconds);
const cpus = timed.every((r) => r.cpu !== null) ? timed.map((r) => r.cpu!) : null;

await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
emit({
  port: typeof address === 'object' && address ? address.port : 0,
  waveId: wave.id,
  databaseFile,
  email,
  password,
  analyzeSeconds: runs.map((s) => round(s, 4)),
  analyzeColdSeconds: round(cold.seconds, 4),
  medianAnalyzeSeconds: round(median(runs), 4),
  analyzeCpuSeconds: cpus && cpus.map((s) => round(s, 4)),
  medianAnalyzeCpuSeconds: cpus && round(median(cpus), 4),
  reportJsonKB: Math.round(JSON.stringify(cold.report).length / 1024),
} satisfies ResultsServerReady);

process.once('SIGTERM', () => {
  void app.close().then(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
});
