/**
 * Child process of the analysis benchmarks (run with --expose-gc).
 *
 *   child.ts report <n> <runs>     time analyze() on n responses: one cold run, then <runs> timed runs;
 *                                  peak RSS above the baseline taken after the data were generated
 *   child.ts scaling <n> <runs>    time analyze() on the first n/10 and on all n responses, alternating
 *
 * Generating the data is outside every timed part ("data already loaded"); a full GC runs before the
 * baseline is taken.
 */
import { resolve } from 'node:path';
import { analyze, type Report } from '../../server/domain/analysis/report.js';
import { loadQuestionnaireFile } from '../../server/domain/questionnaire/load.js';
import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { emit, log, projectRoot } from '../lib/child.js';
import { fullGc, median, peakRssTracker, round } from '../lib/measure.js';
import { stappenmeterResponses } from './synthetic.js';

export const BREAKDOWNS = ['overlegvorm', 'beroepsgroep', 'aanwezigheid'];

export interface ReportRun {
  n: number;
  coldSeconds: number;
  seconds: number[];
  medianSeconds: number;
  peakRssAboveBaselineMB: number;
  baselineRssMB: number;
  heapUsedBaselineMB: number;
  memoryMethod: string;
  generateSeconds: number;
  check: { scales: number; alphas: Array<number | null>; items: number; breakdowns: number; overallMean: number | null };
}

export interface ScalingRun {
  small: number;
  large: number;
  smallSeconds: number[];
  largeSeconds: number[];
  medianSmall: number;
  medianLarge: number;
  peakRssAboveBaselineMB: number;
  baselineRssMB: number;
  generateSeconds: number;
}

function stappenmeter(): Questionnaire {
  const loaded = loadQuestionnaireFile(resolve(projectRoot, 'questionnaires/stappenmeter-doelbereik.json'));
  if (!loaded.ok) throw new Error(`the Stappenmeter does not load: ${loaded.faults.map((f) => f.message).join('; ')}`);
  return loaded.questionnaire;
}

function timed(q: Questionnaire, responses: readonly Values[]): { seconds: number; report: Report } {
  const start = process.hrtime.bigint();
  const report = analyze(q, responses, { by: BREAKDOWNS });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, report };
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
    alphas: report.scales.map((s) => (s.alpha === null ? null : round(s.alpha, 3))),
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

function reportBench(n: number, runs: number): ReportRun {
  const q = stappenmeter();
  const { responses, seconds: generateSeconds } = generate(q, n);
  fullGc();
  const heapUsedBaselineMB = process.memoryUsage().heapUsed / 2 ** 20;
  const peak = peakRssTracker();
  const cold = timed(q, responses);
  const seconds: number[] = [];
  for (let i = 0; i < runs; i++) seconds.push(timed(q, responses).seconds);
  const last = timed(q, responses);
  return {
    n,
    coldSeconds: round(cold.seconds, 4),
    seconds: seconds.map((s) => round(s, 4)),
    medianSeconds: round(median(seconds), 4),
    peakRssAboveBaselineMB: round(peak.peakMB() - peak.baselineMB, 1),
    baselineRssMB: round(peak.baselineMB, 1),
    heapUsedBaselineMB: round(heapUsedBaselineMB, 1),
    memoryMethod: peak.method,
    generateSeconds: round(generateSeconds, 1),
    check: check(last.report, n),
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
  const smallSeconds: number[] = [];
  const largeSeconds: number[] = [];
  for (let i = 0; i < runs; i++) {
    smallSeconds.push(timed(q, small).seconds);
    const large = timed(q, responses);
    largeSeconds.push(large.seconds);
    if (i === 0) check(large.report, n);
  }
  return {
    small: small.length,
    large: n,
    smallSeconds: smallSeconds.map((s) => round(s, 4)),
    largeSeconds: largeSeconds.map((s) => round(s, 4)),
    medianSmall: round(median(smallSeconds), 4),
    medianLarge: round(median(largeSeconds), 4),
    peakRssAboveBaselineMB: round(peak.peakMB() - peak.baselineMB, 1),
    baselineRssMB: round(peak.baselineMB, 1),
    generateSeconds: round(generateSeconds, 1),
  };
}

const [mode, nArg, runsArg] = process.argv.slice(2);
const n = Number(nArg);
const runs = Number(runsArg ?? 5);
if (!Number.isInteger(n) || n < 10 || !Number.isInteger(runs) || runs < 1) throw new Error('usage: child.ts report|scaling <n> [runs]');
if (mode === 'report') emit(reportBench(n, runs));
else if (mode === 'scaling') emit(scalingBench(n, runs));
else throw new Error(`unknown mode ${mode}`);
