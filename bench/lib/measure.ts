/**
 * Small measuring tools: medians, a seeded random source, and the process's peak resident memory.
 */
import { readFileSync, writeFileSync } from 'node:fs';

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** mulberry32: a tiny seeded PRNG (uniform in [0, 1)), so every run generates the same data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal deviate from a uniform source (Box–Muller). */
export function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const MB = 2 ** 20;

function statusKB(field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The peak resident set size (RSS) of this process from now on. On Linux, writing 5 to
 * /proc/self/clear_refs resets the kernel's high-water mark (VmHWM) to the current RSS, so the peak of
 * a synchronous computation is exact even though no JavaScript sampler can run during it. Elsewhere,
 * process.resourceUsage().maxRSS (the peak of the whole process life) is the fallback, which can only
 * overstate the peak.
 */
export function peakRssTracker(): { method: string; baselineMB: number; peakMB(): number } {
  let exact = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    exact = statusKB('VmHWM') !== null;
  } catch {
    exact = false;
  }
  const baselineMB = process.memoryUsage.rss() / MB;
  return {
    method: exact ? 'VmHWM after /proc/self/clear_refs reset' : 'process.resourceUsage().maxRSS (whole process life)',
    baselineMB,
    peakMB: () => (exact ? statusKB('VmHWM')! / 1024 : process.resourceUsage().maxRSS / 1024),
  };
}

/**
 * CPU time of the calling thread and the time it waited, runnable, for a CPU (both in seconds), from
 * Linux's /proc/thread-self/schedstat; null elsewhere. Around a synchronous computation, wall time ≈
 * cpu + waited: `waited` is what other processes on a shared machine cost the measurement.
 */
export function threadTimes(): { cpu: number; waited: number } | null {
  try {
    const [cpu, waited] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return cpu === undefined || waited === undefined ? null : { cpu: cpu / 1e9, waited: waited / 1e9 };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system, every thread) a process has used so far, from /proc/<pid>/stat; null elsewhere. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** A full garbage collection (the process must run with --expose-gc). */
export function fullGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
