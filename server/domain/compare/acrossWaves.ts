/**
 * The benchmarks one reader gets, taken together. A house's coördinator or evaluator sees the other
 * houses only pooled, one benchmark per wave of their own; two of their waves (a year apart) get two
 * benchmarks whose pools may differ by a single house they cannot read, and with the listed n per pooled
 * wave, pooled mean × n of one minus the other is that house's sum. compareHouses guards one benchmark;
 * this guards the set.
 *
 * Per aspect the unknowns are the score sums of the pooled waves the reader cannot read (one column per
 * wave: the same wave in two pools is the same sum). Each published pooled mean gives Σ sums (the
 * readable waves' sums and all n are known), each published mean of house means Σ sum/n (scaled to
 * integers). The benchmarks are taken in a fixed order (the caller's: by opening of the reader's wave);
 * one whose rows would let a single unknown be solved (exact rank, stats/rowSpan.ts) is withheld and
 * its rows are left out, so every reader gets the same answer whichever page they open first.
 *
 * Cost: per aspect, at most (benchmarks × 2) rows over (benchmarks × pool) columns; the caller caps the
 * number of benchmarks.
 */
import { RowSpan } from '../stats/rowSpan.js';
import type { HouseComparison } from './houses.js';

/** One pooled wave in one aspect's benchmark. */
export interface PooledMember {
  key: string;
  n: number;
  readable: boolean;
}

/** The published rows of one benchmark: per aspect (and 'overall') its members and which references are shown. */
export interface PublishedBenchmark {
  key: string;
  rows: Array<{ id: string; members: PooledMember[]; pooled: boolean; houseMeans: boolean }>;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The keys of the benchmarks to withhold, so that together the rest determine no unreadable wave's sum. */
export function benchmarksToWithhold(benchmarks: readonly PublishedBenchmark[]): Set<string> {
  const columns = new Map<string, Map<string, number>>();
  for (const b of benchmarks)
    for (const r of b.rows) {
      const cols = columns.get(r.id) ?? new Map<string, number>();
      columns.set(r.id, cols);
      for (const m of r.members) if (!m.readable && !cols.has(m.key)) cols.set(m.key, cols.size);
    }
  const spans = new Map([...columns].map(([id, cols]) => [id, new RowSpan(cols.size)]));
  const withheld = new Set<string>();
  for (const b of benchmarks) {
    const tried = new Map<string, RowSpan>();
    let reveals = false;
    for (const r of b.rows) {
      const cols = columns.get(r.id)!;
      const hidden = r.members.filter((m) => !m.readable);
      if (hidden.length === 0 || (!r.pooled && !r.houseMeans)) continue;
      const span = (tried.get(r.id) ?? spans.get(r.id)!).clone();
      if (r.pooled) span.add(row(cols, hidden.map((m) => [m.key, 1n])));
      if (r.houseMeans) {
        // Σ sum/n times the lcm of the n: integer coefficients (BigInt: the lcm of many n outgrows a double)
        const lcm = hidden.reduce((acc, m) => (acc / gcd(acc, BigInt(m.n))) * BigInt(m.n), 1n);
        span.add(row(cols, hidden.map((m) => [m.key, lcm / BigInt(m.n)])));
      }
      tried.set(r.id, span);
      if ([...cols.values()].some((c) => span.contains(unit(cols.size, c)))) {
        reveals = true;
        break;
      }
    }
    if (reveals) withheld.add(b.key);
    else for (const [id, span] of tried) spans.set(id, span);
  }
  return withheld;
}

function row(cols: Map<string, number>, entries: Array<[string, bigint]>): bigint[] {
  const v = new Array<bigint>(cols.size).fill(0n);
  for (const [key, x] of entries) v[cols.get(key)!] = x;
  return v;
}

function unit(width: number, at: number): number[] {
  const v = new Array<number>(width).fill(0);
  v[at] = 1;
  return v;
}

/** What a benchmark publishes, as linear facts: per aspect the counted waves with their n, and which references are shown. */
export function publishedOf(key: string, c: HouseComparison, readable: (key: string) => boolean): PublishedBenchmark {
  return {
    key,
    rows: [...c.rows, c.overall].map((r) => ({
      id: r.id,
      members: c.waves.flatMap((w) => {
        const cell = r.id === 'overall' ? w.overall : w.aspects[r.id];
        return cell && cell.mean !== null && cell.n !== null ? [{ key: w.key, n: cell.n, readable: readable(w.key) }] : [];
      }),
      pooled: r.reference.mean !== null,
      houseMeans: r.reference.houseMeans !== null,
    })),
  };
}

