/**
 * analysis-100k and analysis-scaling: the full Stappenmeter report (7 alphas with item statistics,
 * 48 item descriptives, breakdowns by overlegvorm, beroepsgroep and aanwezigheid) on synthetic
 * responses already in memory. Each runs in a fresh Node process with --expose-gc (see child.ts).
 */
import { runChild } from '../lib/child.js';
import type { Benchmark } from '../lib/types.js';
import type { ReportRun, ScalingRun } from './child.js';

const SECONDS_TARGET = 0.5;
const MEMORY_TARGET_MB = 200;
const SCALING_TARGET = 12;

export const analysis100k: Benchmark = {
  name: 'analysis-100k',
  what: 'analyze() of the Stappenmeter on 100,000 responses: median seconds, peak RSS above baseline',
  async run({ quick }) {
    const [r] = await runChild<ReportRun>('analysis/child.ts', ['report', String(quick ? 2000 : 100_000), String(quick ? 2 : 7)], {
      nodeFlags: ['--expose-gc'],
    });
    if (!r) throw new Error('analysis child reported nothing');
    const pass = r.medianSeconds <= SECONDS_TARGET && r.peakRssAboveBaselineMB <= MEMORY_TARGET_MB;
    return {
      value: r.medianSeconds,
      unit: 's',
      target: `≤ ${SECONDS_TARGET} s, peak ≤ ${MEMORY_TARGET_MB} MB above baseline`,
      pass,
      details: {
        ...r,
        peakMemoryMB: r.peakRssAboveBaselineMB,
        method:
          'Median wall time of analyze(questionnaire, responses, { by: [overlegvorm, beroepsgroep, aanwezigheid] }) over the timed runs, after one cold run (reported apart). ' +
          'Memory: the peak resident set size during all runs minus the RSS right after generating the data and two full GCs.',
      },
    };
  },
};

export const analysisScaling: Benchmark = {
  name: 'analysis-scaling',
  what: 'time of the same report on 1,000,000 responses divided by the time on 100,000',
  async run({ quick }) {
    const [r] = await runChild<ScalingRun>('analysis/child.ts', ['scaling', String(quick ? 20_000 : 1_000_000), String(quick ? 2 : 5)], {
      nodeFlags: ['--expose-gc', '--max-old-space-size=6144'],
    });
    if (!r) throw new Error('analysis child reported nothing');
    const value = r.medianLarge / r.medianSmall;
    return {
      value: Math.round(value * 100) / 100,
      unit: '× (1M / 100k time)',
      target: `≤ ${SCALING_TARGET}`,
      pass: value <= SCALING_TARGET,
      details: {
        ...r,
        method:
          'One process holds 1,000,000 responses; the 100,000-response set is its first tenth (the same objects). ' +
          'Runs alternate small and large after one warm-up on the small set; the value is median(large) / median(small).',
      },
    };
  },
};
