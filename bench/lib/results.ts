/**
 * The shape of bench/results.json and the one-line summary `npm run bench` prints per benchmark.
 * Every entry has `value`, `unit`, `target` and `pass`; throughput benchmarks also have `ratio`
 * (against a baseline measured in the same run), because on a shared machine only ratios are stable.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';

export interface BenchResult {
  value: number;
  unit: string;
  /** value / baseline of the same run, where the target is a ratio. */
  ratio?: number;
  /** The target in words, e.g. "ratio ≥ 0.40". */
  target: string;
  pass: boolean;
  /** A figure worth seeing beside the value in the summary line (e.g. server CPU per request, the baseline). */
  aside?: string;
  /** When this entry was measured (ISO). */
  measuredAt: string;
  /** Where it was measured (set when the results are written). */
  machine?: Machine;
  /** Everything else the benchmark measured (baseline, runs, memory, errors, settings). */
  details: Record<string, unknown>;
}

export interface Machine {
  os: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  node: string;
  /** 1-minute load average when the run started: a busy machine explains a slow figure. */
  loadAverage: number;
  date: string;
}

/** bench/results.json: one entry per benchmark name, nothing else. */
export type ResultsFile = Record<string, BenchResult>;

/** The machine this run measures on. */
export function machine(): Machine {
  const cpu = cpus()[0];
  return {
    os: `${platform()} ${release()}`,
    cpu: cpu?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    date: new Date().toISOString(),
  };
}

/** Free memory in MB, for the log line before heavy benchmarks. */
export function freeMemoryMB(): number {
  return Math.round(freemem() / 2 ** 20);
}

/** Read results.json (an empty object when missing or unreadable). */
export function readResults(file: string): ResultsFile {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ResultsFile) : {};
  } catch {
    return {};
  }
}

/**
 * Merge this run's entries into the file: only the benchmarks that ran are replaced (each carrying
 * the machine and load of this run), the others keep theirs; keys stay in `order`.
 */
export function writeResults(file: string, fresh: Record<string, BenchResult>, order: readonly string[], host: Machine): ResultsFile {
  const previous = readResults(file);
  const merged: ResultsFile = {};
  // keys that are not benchmarks (an older file's "_machine") are dropped
  const names = [...order, ...Object.keys(previous).filter((k) => !k.startsWith('_') && !order.includes(k))];
  for (const name of names) {
    const entry = fresh[name] ? { ...fresh[name], machine: host } : previous[name];
    if (entry) merged[name] = entry;
  }
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

/** A number with a sensible number of digits for a summary line. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 100) return Math.round(x).toString();
  if (abs >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** `analysis-100k  0.31 s  ratio 0.12  [R 2.6 s, peak 30 MB]  (target …)  PASS` */
export function summaryLine(name: string, r: BenchResult, width = 18): string {
  const ratio = r.ratio !== undefined ? `  ratio ${r.ratio.toFixed(2)}` : '';
  const aside = r.aside ? `  [${r.aside}]` : '';
  return `${name.padEnd(width)}${formatNumber(r.value)} ${r.unit}${ratio}${aside}  (target ${r.target})  ${r.pass ? 'PASS' : 'FAIL'}`;
}
