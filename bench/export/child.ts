/**
 * Child processes of the export-xlsx benchmark (run with --expose-gc), all on one database folder:
 *
 *   child.ts setup <dir> <responses>    the real app's database in <dir> with a closed wave of that many
 *                                       responses and an evaluator account; emits the wave id
 *   child.ts export <dir> <wave> <out>  `export --wave <wave> --format xlsx --out <out>` as the command
 *                                       line runs it (runCli, in this process), timed, with the peak RSS
 *   child.ts baseline <dir> <wave> <out>
 *                                       the same cells of the raw-data sheet (header of codes, one row
 *                                       per response) written by exceljs' streaming WorkbookWriter alone;
 *                                       the responses are loaded and turned into rows before the timing
 *   child.ts serve <dir>                the real app on <dir>, listening on 127.0.0.1; emits its port
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { buildApp } from '../../server/app.js';
import { runCli } from '../../server/cli.js';
import { benchConfig } from '../lib/config.js';
import { openDatabase } from '../../server/db/connection.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { findWave, waveQuestionnaire } from '../../server/db/repositories/waves.js';
import { rawColumns, rawRows } from '../../server/domain/exports/codebook.js';
import { createAccount } from '../lib/accounts.js';
import { emit, log } from '../lib/child.js';
import { closedWaveWithResponses } from '../lib/closedWave.js';
import { fullGc, peakRssTracker, round } from '../lib/measure.js';
import { EVALUATOR } from './evaluator.js';


export interface WriteRun {
  seconds: number;
  /** CPU time of the process (every thread: main, GC helpers, zlib in the thread pool) during the call. */
  cpuSeconds: number;
  bytes: number;
  peakRssAboveBaselineMB: number;
  baselineRssMB: number;
  memoryMethod: string;
}

/** Time `write()` with the peak resident memory above the moment it starts (after two full GCs). */
async function measured(out: string, write: () => Promise<void>): Promise<WriteRun> {
  fullGc();
  const peak = peakRssTracker();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await write();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return {
    seconds: round(seconds, 3),
    cpuSeconds: round((used.user + used.system) / 1e6, 3),
    bytes: statSync(out).size,
    peakRssAboveBaselineMB: round(peak.peakMB() - peak.baselineMB, 1),
    baselineRssMB: round(peak.baselineMB, 1),
    memoryMethod: peak.method,
  };
}

const [mode, dir, ...rest] = process.argv.slice(2);
if (!dir) throw new Error('usage: child.ts setup|export|baseline|serve <dir> …');

if (mode === 'setup') {
  const app = await buildApp({ config: benchConfig(dir), logger: false });
  await app.ready();
  const { wave } = await closedWaveWithResponses(app, Number(rest[0]));
  await createAccount(app, EVALUATOR, [{ kind: 'evaluator', houseId: wave.house_id }]);
  await app.close();
  emit({ waveId: wave.id });
} else if (mode === 'export') {
  const [waveId, out] = rest as [string, string];
  process.env.DATABASE_FILE = join(dir, 'bench.db');
  process.env.LOG_LEVEL = 'silent';
  let stderr = '';
  const run = await measured(out, async () => {
    const code = await runCli(['export', '--wave', waveId, '--format', 'xlsx', '--out', out], { stdout: () => undefined, stderr: (s) => (stderr += s) });
    if (code !== 0) throw new Error(`export failed (${code}): ${stderr}`);
  });
  emit(run);
} else if (mode === 'baseline') {
  const [waveId, out] = rest as [string, string];
  const { db } = openDatabase(join(dir, 'bench.db'));
  const wave = await findWave(db, waveId);
  if (!wave) throw new Error(`no wave ${waveId}`);
  const columns = rawColumns(waveQuestionnaire(wave), { anonymous: wave.anonymous === 1 });
  const codes = columns.map((c) => c.code);
  const rows = rawRows(columns, await loadWaveResponses(db, waveId), { singleLine: false }).map((row) => codes.map((code) => row[code] ?? null));
  await db.destroy();
  log(`baseline: ${rows.length.toLocaleString('en')} rows of ${codes.length} cells ready`);
  const run = await measured(out, async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: true });
    const sheet = workbook.addWorksheet('Ruwe data');
    sheet.addRow(codes).commit();
    for (const cells of rows) sheet.addRow(cells).commit();
    sheet.commit();
    await workbook.commit();
  });
  emit(run);
} else if (mode === 'serve') {
  const app = await buildApp({ config: benchConfig(dir), logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  emit({ port: typeof address === 'object' && address ? address.port : 0 });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
} else throw new Error(`unknown mode ${mode}`);
