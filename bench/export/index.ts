/**
 * export-xlsx: the full workbook of a closed wave of 100,000 responses (raw data, variables, response
 * rates, every results table), as `export --format xlsx` writes it (in-process runCli, its own Node
 * process) and as the download sends it (the real server, an evaluator signed in), against exceljs'
 * streaming WorkbookWriter writing the same raw-data cells alone. Each in a fresh process, on one
 * database made first (child.ts setup); baseline and export in turn, two rounds; medians.
 */
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, startChild } from '../lib/child.js';
import { median, processCpuSeconds, round } from '../lib/measure.js';
import type { Benchmark } from '../lib/types.js';
import { signIn } from '../results/index.js';
import type { WriteRun } from './child.js';
import { EVALUATOR } from './evaluator.js';

const RATIO_TARGET = 1.5;
const MEMORY_TARGET_MB = 400;

function statusMB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** GET the download to its last byte; seconds, the server's CPU seconds, bytes, and the server's peak RSS above its RSS before (Linux). */
async function download(url: string, cookie: string, pid: number): Promise<{ seconds: number; serverCpuSeconds: number | null; bytes: number; serverPeakAboveBaselineMB: number | null }> {
  let baseline: number | null = null;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    baseline = statusMB(pid, 'VmRSS');
  } catch {
    baseline = null;
  }
  const cpu = processCpuSeconds(pid);
  const start = performance.now();
  const { status, bytes, head } = await new Promise<{ status: number; bytes: number; head: string }>((done, fail) => {
    const req = request(url, { headers: { cookie } }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) head = chunk.subarray(0, 2).toString('latin1');
        bytes += chunk.length;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, bytes, head }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
  const seconds = (performance.now() - start) / 1000;
  const cpuAfter = processCpuSeconds(pid);
  const serverCpuSeconds = cpu === null || cpuAfter === null ? null : round(cpuAfter - cpu, 2);
  if (status !== 200 || head !== 'PK') throw new Error(`the workbook download answered ${status}`);
  return { seconds: round(seconds, 3), serverCpuSeconds, bytes, serverPeakAboveBaselineMB: baseline === null ? null : round(statusMB(pid, 'VmHWM') - baseline, 1) };
}

export const exportXlsx: Benchmark = {
  name: 'export-xlsx',
  what: "the full workbook of a closed wave of 100,000 responses (export --format xlsx and the download) vs exceljs' WorkbookWriter writing the raw-data sheet alone",
  async run({ quick }) {
    const n = quick ? 2000 : 100_000;
    const rounds = quick ? 1 : 2;
    const dir = mkdtempSync(join(tmpdir(), 'vhbench-export-'));
    const flags = { nodeFlags: ['--expose-gc'] };
    try {
      const [setup] = await runChild<{ waveId: string }>('export/child.ts', ['setup', dir, String(n)]);
      const waveId = setup!.waveId;
      const out = join(dir, 'ronde.xlsx');
      const exports: WriteRun[] = [];
      const baselines: WriteRun[] = [];
      for (let i = 0; i < rounds; i++) {
        const [b] = await runChild<WriteRun>('export/child.ts', ['baseline', dir, waveId, join(dir, 'baseline.xlsx')], flags);
        const [e] = await runChild<WriteRun>('export/child.ts', ['export', dir, waveId, out], flags);
        baselines.push(b!);
        exports.push(e!);
      }
      if (readFileSync(out).subarray(0, 2).toString('latin1') !== 'PK') throw new Error('the exported file is no XLSX (zip) file');

      const server = await startChild<{ port: number }>('export/child.ts', ['serve', dir]);
      let downloads;
      try {
        const base = `http://127.0.0.1:${server.ready.port}`;
        const cookie = await signIn(base, EVALUATOR.email, EVALUATOR.password);
        const url = `${base}/admin/results/${waveId}/download/xlsx`;
        // the first download of the wave analyses it; the second finds its report in the cache
        const first = await download(url, cookie, server.child.pid!);
        const second = await download(url, cookie, server.child.pid!);
        downloads = { first, second };
      } finally {
        await server.stop();
      }

      const exportSeconds = median(exports.map((r) => r.seconds));
      const baselineSeconds = median(baselines.map((r) => r.seconds));
      const ratio = round(exportSeconds / baselineSeconds, 3);
      const downloadRatio = round(downloads.first.seconds / baselineSeconds, 3);
      const peak = Math.max(...exports.map((r) => r.peakRssAboveBaselineMB));
      const serverPeak = downloads.first.serverPeakAboveBaselineMB;
      const pass = ratio <= RATIO_TARGET && downloadRatio <= RATIO_TARGET && peak <= MEMORY_TARGET_MB && (serverPeak === null || serverPeak <= MEMORY_TARGET_MB);
      return {
        value: exportSeconds,
        unit: 's',
        ratio,
        target: `ratio ≤ ${RATIO_TARGET} of WorkbookWriter (raw data alone), export and download; peak ≤ ${MEMORY_TARGET_MB} MB above baseline`,
        pass,
        aside: `WorkbookWriter ${baselineSeconds} s; download ${downloads.first.seconds} s (${downloadRatio}); peak ${peak} MB, server ${serverPeak ?? '?'} MB`,
        details: {
          responses: n,
          exportRuns: exports,
          baselineRuns: baselines,
          medianExportSeconds: exportSeconds,
          medianBaselineSeconds: baselineSeconds,
          // CPU time beside wall time: on a shared machine the wall time of a step moves with the load, its CPU time much less
          medianExportCpuSeconds: median(exports.map((r) => r.cpuSeconds)),
          medianBaselineCpuSeconds: median(baselines.map((r) => r.cpuSeconds)),
          download: { ...downloads, ratio: downloadRatio },
          peakRssAboveBaselineMB: peak,
          serverPeakRssAboveBaselineMB: serverPeak,
          method:
            'A closed anonymous Stappenmeter wave of 100,000 synthetic responses stored through drafts and the final submit, with 110,000 participants. ' +
            'Export: runCli(["export", "--wave", id, "--format", "xlsx", "--out", file]) in a fresh Node process, timed from the call to its return (loading the responses, the analysis, the rates, writing every sheet to the file); ' +
            'memory: the peak RSS during the call minus the RSS just before it (VmHWM after /proc/self/clear_refs, after two full GCs). ' +
            "Baseline: in a fresh process, the same responses loaded and laid out as rows of the same cells first (untimed), then timed: exceljs' stream.xlsx.WorkbookWriter (useStyles and useSharedStrings as the export) " +
            'writing one sheet with the header of codes and one committed row per response to a file. Baseline and export in turn; ratio = median(export) / median(baseline). ' +
            "Download: GET /admin/results/<wave>/download/xlsx from the real server in its own process, an evaluator signed in, timed to the last byte (the first download analyses the wave; the second, reported apart, finds the report cached); " +
            "server memory: its VmHWM after clear_refs minus its VmRSS before the request. " +
            'CPU seconds (user + system, all threads) beside each time: process.cpuUsage() around the call in the export and baseline processes, /proc/<pid>/stat of the server around a download.',
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
