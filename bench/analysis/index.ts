/**
 * analysis-100k and analysis-scaling: the full Stappenmeter report (7 alphas with item statistics,
 * 48 item descriptives, breakdowns by overlegvorm, beroepsgroep and aanwezigheid) on synthetic
 * responses already in memory. Each runs in a fresh Node process with --expose-gc (see child.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild, runProgram } from '../lib/child.js';
import { median, round } from '../lib/measure.js';
import type { Benchmark } from '../lib/types.js';
import type { ReportRun, ScalingRun } from './child.js';

/** analyze() of the whole report against R's psych::alpha of the 7 scales alone. */
const RATIO_TARGET = 0.33;
const MEMORY_TARGET_MB = 200;
const SCALING_TARGET = 12;

export const analysis100k: Benchmark = {
  name: 'analysis-100k',
  what: 'analyze() of the Stappenmeter on 100,000 responses: median seconds, peak RSS above baseline',
  async run({ quick }) {
    const dir = mkdtempSync(join(tmpdir(), 'vhbench-alpha-'));
    const csv = join(dir, 'items.csv');
    const [r] = await runChild<ReportRun>('analysis/child.ts', ['report', String(quick ? 2000 : 100_000), String(quick ? 2 : 7), csv], {
      nodeFlags: ['--expose-gc'],
    });
    if (!r) throw new Error('analysis child reported nothing');
    const reference = await psychAlpha(csv, r.scales, quick ? 1 : 3);
    rmSync(dir, { recursive: true, force: true });
    const ratio = reference.ok ? round(r.medianSeconds / reference.medianSeconds, 3) : undefined;
    // the same alphas: R and the report agree to the 6 digits the check keeps
    const agree = reference.ok && reference.alphas.every((a, i) => Math.abs(a - (r.check.alphas[i] ?? NaN)) < 2e-6);
    const pass = ratio !== undefined && agree && ratio <= RATIO_TARGET && r.peakRssAboveBaselineMB <= MEMORY_TARGET_MB;
    return {
      value: r.medianSeconds,
      unit: 's',
      ...(ratio !== undefined ? { ratio } : {}),
      target: `ratio ≤ ${RATIO_TARGET} of R psych::alpha (7 scales), peak ≤ ${MEMORY_TARGET_MB} MB above baseline`,
      pass,
      aside: `R ${reference.ok ? `${reference.medianSeconds} s` : 'not run'}, peak ${r.peakRssAboveBaselineMB} MB`,
      details: {
        ...r,
        peakMemoryMB: r.peakRssAboveBaselineMB,
        reference: reference.ok ? { ...reference, alphasAgree: agree } : reference,
        method:
          'Median wall time of analyze(questionnaire, responses, { by: [overlegvorm, beroepsgroep, aanwezigheid] }) over the timed runs, after one cold run (reported apart); ' +
          'the whole report (alphas with item statistics, 48 item descriptives, scores, 3 breakdowns, frequency tables). ' +
          'Reference: Rscript bench/analysis/alpha.R, psych::alpha(na.omit(items), check.keys = FALSE) for each of the 7 scales on the same responses ' +
          '(written to CSV with declared missing codes as NA; reading the CSV is outside R\'s timing), one cold run, then the median of the timed runs. ' +
          'Memory: the peak resident set size during all runs minus the RSS right after generating the data and two full GCs.',
      },
    };
  },
};

type Reference = { ok: true; medianSeconds: number; coldSeconds: number; seconds: number[]; alphas: number[]; n: number; psych: string; r: string } | { ok: false; reason: string };

/** R's psych::alpha on the items CSV, timed inside R; { ok: false } with the reason when R or psych is missing. */
async function psychAlpha(csv: string, scales: string[][], runs: number): Promise<Reference> {
  const out = await runProgram('Rscript', ['bench/analysis/alpha.R', csv, scales.map((s) => s.join(',')).join(';'), String(runs)]);
  if (out === null) return { ok: false, reason: 'Rscript is not installed (apt-get install r-base r-cran-psych): no reference, so the target cannot be checked' };
  if (out.code !== 0) return { ok: false, reason: `Rscript failed (exit ${out.code}): ${out.stderr.trim().slice(0, 500)}` };
  const parsed = JSON.parse(out.stdout.trim().split('\n').pop()!) as { coldSeconds: number; seconds: number[]; alphas: number[]; n: number; psych: string; r: string };
  return { ok: true, medianSeconds: round(median(parsed.seconds), 4), ...parsed };
}

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
