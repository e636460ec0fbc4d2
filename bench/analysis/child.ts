/**
 * Child process of the analysis benchmarks (run with --expose-gc).
 *
 *   child.ts report <n> <runs> [items.csv]
 *                                  time analyze() on n responses: one cold run, then <runs> timed runs;
 *                                  peak RSS above the baseline taken after the data were generated; then
 *                                  (untimed) write the scales' items to items.csv for R's psych::alpha
 *   child.ts scaling <n> <runs>    time analyze() on the first n/10 and on all n responses, alternating
 *
 * Generating the data is outside every timed part ("data already loaded"); a full GC runs before the
 * baseline is taken.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, type Report } from '../../server/domain/analysis/report.js';
import { loadQuestionnaireFile } from '../../server/services/questionnaireFiles.js';
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { emit, log, projectRoot } from '../lib/child.js';
import { fullGc, median, peakRssTracker, round, threadTimes } from '../lib/measure.js';
import { stappenmeterResponses } from './synthetic.js';

export const BREAKDOWNS = ['overlegvorm', 'beroepsgroep', 'aanwezigheid'];

export interface ReportRun {
  n: number;
  coldSeconds: number;
  seconds: number[];
  medianSeconds: number;
  /** Median CPU time of the main thread: the cost of the code, whatever else the machine runs. */
  medianCpuSeconds: number | null;
  /** Median time the main thread waited for a CPU during a run (other processes' load). */
  medianWaitedSeconds: number | null;
  peakRssAboveBaselineMB: number;
  baselineRssMB: number;
  heapUsedBaselineMB: number;
  memoryMethod: string;
  generateSeconds: number;
  check: { scales: number; alphas: Array<number | null>; items: number; breakdowns: number; overallMean: number | null };
  /** The items of each aspect, for the R reference. */
  scales: string[][];
}

export interface ScalingRun {
  small: number;
  large: number;
  smallSeconds: number[];
  largeSeconds: number[];
  medianSmall: number;
  medianLarge: number;
  /** The same ratio on main-thread CPU time. */
  cpuRatio: number | null;
  medianWaitedSmall: number | null;
  medianWaitedLarge: number | null;
  peakRssAboveBaselineMB: number;
  baselineRssMB: number;
  generateSeconds: number;
}

function stappenmeter(): Questionnaire {
  const loaded = loadQuestionnaireFile(resolve(projectRoot, 'questionnaires/stappenmeter-doelbereik.json'));
  if (!loaded.ok) throw new Error(`the Stappenmeter does not load: ${loaded.faults.map((f) => f.message).join('; ')}`);
  return loaded.questionnaire;
}

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of the main thread (null where the OS does not tell). */
  cpu: number | null;
  /** Seconds the main thread was runnable but waited for a CPU taken by other processes. */
  waited: number | null;
}

function timed(q: Questionnaire, responses: readonly Values[]): Timing & { report: Report } {
  const before = threadTimes();
  const start = process.hrtime.bigint();
  const report = analyze(q, responses, { by: BREAKDOWNS });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const after = threadTimes();
  return {
    seconds,
    cpu: before && after ? after.cpu - before.cpu : null,
    waited: before && after ? after.waited - before.waited : null,
    report,
  };
}

/** Median of each timing over the runs, rounded. */
function medians(runs: Timing[]): { seconds: number; cpuSeconds: number | null; waitedSeconds: number | null } {
  const of = (xs: Array<number | null>) => (xs.every((x): x is number => x !== null) ? round(median(xs), 4) : null);
  return { seconds: round(median(runs.map((r) => r.seconds)), 4), cpuSeconds: of(runs.map((r) => r.cpu)), waitedSeconds: of(runs.map((r) => r.waited)) };
}

/** What the report must contain, so a fast but empty report cannot pass. */
function check(report: Report, n: number): ReportRun['check'] {
  if (report.n !== n) throw new Error(`report counts ${report.n} responses, expected ${n}`);
  if (report.scales.length !== 7 || report.scales.some((s) => s.alpha === null || s.itemStats.length !== s.k))
    throw new Error('expected 7 alphas with item statistics');
  if (report.items.length !== 48) throw new Error(`expected 48 item descriptives, got ${report.items.length}`);
  if (report.breakdowns.length !== 3) throw new Error(`expected 3 breakdowns, got ${report.breakdowns.length}`);
  return {
    scales: report.scales.length,
    alphas: report.scales.map((s) => (s.alpha === null ? null : round(s.alpha, 6))),
    items: report.items.length,
    breakdowns: report.breakdowns.length,
    overallMean: report.overall.mean === null ? null : round(report.overall.mean, 3),
  };
}

function generate(q: Questionnaire, n: number): { responses: Values[]; seconds: number } {
  const start = performance.now();
  const responses = stappenmeterResponses(q, n);
  const seconds = (performance.now() - start) / 1000;
  log(`generated ${n.toLocaleString('en')} responses in ${seconds.toFixed(1)} s`);
  return { responses, seconds };
}

/**
 * The aspects' items as R reads them: one column per item, NA where the item has no answer or a
 * declared missing code (geen oordeel), so psych::alpha on the listwise rows sees what analyze() does.
 */
function writeItemsCsv(q: Questionnaire, responses: readonly Values[], file: string): void {
  const items = q.aspects.flatMap((a) => a.items);
  const missing = new Map(q.variables.map((v) => [v.code, new Set(v.missingValues)]));
  const lines = [items.join(',')];
  for (const r of responses)
    lines.push(
      items
        .map((code) => {
          const v = r[code];
          return typeof v === 'number' && !missing.get(code)?.has(v) ? String(v) : 'NA';
        })
        .join(','),
    );
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function reportBench(n: number, runs: number, csvFile?: string): ReportRun {
  const q = stappenmeter();
  const { responses, seconds: generateSeconds } = generate(q, n);
  fullGc();
  const heapUsedBaselineMB = process.memoryUsage().heapUsed / 2 ** 20;
  const peak = peakRssTracker();
  const cold = timed(q, responses);
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) timings.push(timed(q, responses));
  const last = timed(q, responses);
  const m = medians(timings);
  const peakRssAboveBaselineMB = round(peak.peakMB() - peak.baselineMB, 1);
  if (csvFile) writeItemsCsv(q, responses, csvFile);
  return {
    n,
    coldSeconds: round(cold.seconds, 4),
    seconds: timings.map((t) => round(t.seconds, 4)),
    medianSeconds: m.seconds,
    medianCpuSeconds: m.cpuSeconds,
    medianWaitedSeconds: m.waitedSeconds,
    peakRssAboveBaselineMB,
    baselineRssMB: round(peak.baselineMB, 1),
    heapUsedBaselineMB: round(heapUsedBaselineMB, 1),
    memoryMethod: peak.method,
    generateSeconds: round(generateSeconds, 1),
    check: check(last.report, n),
    scales: q.aspects.map((a) => [...a.items]),
  };
}

function scalingBench(n: number, runs: number): ScalingRun {
  const q = stappenmeter();
  const { responses, seconds: generateSeconds } = generate(q, n);
  // the small set is the first tenth of the same objects: same shapes, same answers' distribution
  const small = responses.slice(0, Math.round(n / 10));
  fullGc();
  const peak = peakRssTracker();
  check(timed(q, small).report, small.length);
  const smallRuns: Timing[] = [];
  const largeRuns: Timing[] = [];
  for (let i = 0; i < runs; i++) {
    smallRuns.push(timed(q, small));
    const large = timed(q, responses);
    largeRuns.push(large);
    if (i === 0) check(large.report, n);
  }
  const ms = medians(smallRuns);
  const ml = medians(largeRuns);
  return {
    small: small.length,
    large: n,
    smallSeconds: smallRuns.map((t) => round(t.seconds, 4)),
    largeSeconds: largeRuns.map((t) => round(t.seconds, 4)),
    medianSmall: ms.seconds,
    medianLarge: ml.seconds,
    cpuRatio: ms.cpuSeconds && ml.cpuSeconds ? round(ml.cpuSeconds / ms.cpuSeconds, 2) : null,
    medianWaitedSmall: ms.waitedSeconds,
    medianWaitedLarge: ml.waitedSeconds,
    peakRssAboveBaselineMB: round(peak.peakMB() - peak.baselineMB, 1),
    baselineRssMB: round(peak.baselineMB, 1),
    generateSeconds: round(generateSeconds, 1),
  };
}

const [mode, nArg, runsArg, csvArg] = process.argv.slice(2);
const n = Number(nArg);
const runs = Number(runsArg ?? 5);
if (!Number.isInteger(n) || n < 10 || !Number.isInteger(runs) || runs < 1) throw new Error('usage: child.ts report|scaling <n> [runs]');
if (mode === 'report') emit(reportBench(n, runs, csvArg));
else if (mode === 'scaling') emit(scalingBench(n, runs));
else throw new Error(`unknown mode ${mode}`);
