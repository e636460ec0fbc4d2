/**
 * A reader who sees the other houses only pooled gets one benchmark per wave of their own. Attacked as
 * that reader would (fast-check, fixed seed): random other-house waves (some the reader may read, some
 * below the minimum), random pools for two to four of the reader's waves (a year apart, the pools differ
 * by a house or two); the facts are every readable wave's mean (its own page) and, for each benchmark
 * shown, the pooled mean × its n and the mean of house means × the number of houses, with each pooled
 * wave's n as listed. No wave the reader may not read may be determined.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchmarksToWithhold, publishedOf } from '../../../server/domain/compare/acrossWaves.js';
import { compareHouses, type HouseInput } from '../../../server/domain/compare/houses.js';
import type { ReportSummary } from '../../../server/domain/compare/summary.js';
import { RowSpan } from '../../../server/domain/stats/rowSpan.js';

const SEED = 16022027;
const MINIMUM = 5;

const summary = (n: number, mean: number): ReportSummary => ({
  questionnaireId: 'q',
  version: '1',
  n,
  aspects: [{ id: 'a', label: 'A', mean: n >= MINIMUM ? mean : null, n, sd: 0.5 }],
  overall: { mean: null, n: 0, sd: null },
});
const input = (i: number, n: number): HouseInput => ({ key: `w${i}`, house: `Huis ${i}`, wave: 'r', period: 'p', summary: summary(n, 2 + i / 10) });

/** The reader's benchmarks (one per pool), each as compareHouses publishes it, and which are withheld across them. */
function benchmarks(waves: Array<{ n: number; readable: boolean }>, pools: boolean[][], withhold: boolean) {
  const readable = (key: string) => waves[Number(key.slice(1))]!.readable;
  const shown = pools.map((inPool, r) => {
    const pool = waves.flatMap((w, i) => (inPool[i] ? [input(i, w.n)] : []));
    return { key: `mine${r}`, comparison: compareHouses(input(99, 20), pool, MINIMUM, (key) => !readable(key)) };
  });
  const withheld = withhold ? benchmarksToWithhold(shown.map((b) => publishedOf(b.key, b.comparison, readable))) : new Set<string>();
  return shown.filter((b) => !withheld.has(b.key)).map((b) => b.comparison);
}

/** Whether some unreadable wave's mean follows from the readable means and the benchmarks shown. */
function reveals(waves: Array<{ n: number; readable: boolean }>, shown: ReturnType<typeof benchmarks>): boolean {
  const K = waves.length;
  const unit = (i: number) => waves.map((_, j) => (j === i ? 1 : 0));
  const span = new RowSpan(K);
  waves.forEach((w, i) => {
    if (w.readable && w.n >= MINIMUM) span.add(unit(i));
  });
  for (const c of shown) {
    const counted = waves.map((_, j) => c.waves.some((p) => p.key === `w${j}` && p.aspects.a!.mean !== null));
    const row = c.rows[0]!;
    if (row.reference.mean !== null) span.add(waves.map((w, j) => (counted[j] ? w.n : 0)));
    if (row.reference.houseMeans !== null) span.add(waves.map((_, j) => (counted[j] ? 1 : 0)));
  }
  return waves.some((w, i) => !w.readable && w.n >= MINIMUM && span.contains(unit(i)));
}

const caseArb = fc
  .array(fc.record({ n: fc.integer({ min: 3, max: 30 }), readable: fc.boolean() }), { minLength: 2, maxLength: 7 })
  .chain((waves) => fc.tuple(fc.constant(waves), fc.array(fc.array(fc.boolean(), { minLength: waves.length, maxLength: waves.length }), { minLength: 2, maxLength: 4 })));

describe('the benchmarks of one reader’s waves together', () => {
  it('determine no wave the reader may not read', () => {
    fc.assert(
      fc.property(caseArb, ([waves, pools]) => {
        expect(reveals(waves, benchmarks(waves, pools, true))).toBe(false);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('withhold the later of two yearly benchmarks whose pools differ by one unreadable house', () => {
    const waves = [
      { n: 12, readable: false },
      { n: 9, readable: false },
      { n: 15, readable: false },
    ];
    const pools = [
      [true, true, true],
      [false, true, true],
    ];
    // each benchmark alone is safe (three, then two houses of unequal n) ...
    expect(reveals(waves, benchmarks(waves, [pools[0]!], false))).toBe(false);
    expect(reveals(waves, benchmarks(waves, [pools[1]!], false))).toBe(false);
    // ... but 12·m₀ = pooled₁·36 − pooled₂·24; the second is withheld, always the second whatever is asked first
    expect(reveals(waves, benchmarks(waves, pools, false))).toBe(true);
    expect(benchmarks(waves, pools, true)).toHaveLength(1);
    const published = benchmarks(waves, pools, false).map((c, i) => publishedOf(`mine${i}`, c, () => false));
    expect([...benchmarksToWithhold(published)]).toEqual(['mine1']);
  });
});
