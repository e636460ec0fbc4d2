import { describe, expect, it } from 'vitest';
import { RunningMoments, mean, median, momentsFromCounts } from '../../../server/domain/stats/descriptives.js';

describe('descriptives', () => {
  /*
   * > x <- c(2, 4, 4, 4, 5, 5, 7, 9)
   * > mean(x); sd(x); median(x)
   * [1] 5
   * [1] 2.138089935299395
   * [1] 4.5
   */
  it('matches R mean, sd (n − 1) and median', () => {
    const x = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(x).value).toBe(5);
    expect(median(x).value).toBe(4.5);
    expect(median([3, 1, 2]).value).toBe(2);
  });

  it('streams the same values and keeps min and max', () => {
    const acc = new RunningMoments();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) acc.push(x);
    expect(acc.n).toBe(8);
    expect(acc.mean().value).toBe(5);
    expect(Math.abs(acc.sd().value! - 2.138089935299395)).toBeLessThan(1e-12);
    expect([acc.minimum(), acc.maximum()]).toEqual([2, 9]);
  });

  it('is accurate where the textbook Σx² formula cancels (values near 1e9)', () => {
    const acc = new RunningMoments();
    for (const x of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) acc.push(x);
    // the same data minus 1e9: var = 30 exactly
    expect(acc.variance().value).toBeCloseTo(30, 9);
  });

  it('computes mean and sd from counts per code exactly', () => {
    // codes 1..4 with counts 1, 3, 3, 1 ↔ x = 1,2,2,2,3,3,3,4: mean 2.5, var = (2·2.25 + 6·0.25)/7 = 6/7
    const r = momentsFromCounts([1, 2, 3, 4], [1, 3, 3, 1]);
    expect(r.n).toBe(8);
    expect(r.mean.value).toBe(2.5);
    expect(Math.abs(r.sd.value! - Math.sqrt(6 / 7))).toBeLessThan(1e-15);
  });

  it('reports what cannot be computed instead of NaN', () => {
    expect(mean([])).toEqual({ value: null, reason: 'geen waarnemingen' });
    const one = new RunningMoments();
    one.push(3);
    expect(one.sd().value).toBeNull();
    expect(one.sd().reason).toMatch(/n = 1/);
    expect(median([]).value).toBeNull();
    expect(momentsFromCounts([1, 2], [0, 0]).mean.value).toBeNull();
    expect(momentsFromCounts([1, 2], [0, 1]).sd.value).toBeNull();
    const acc = new RunningMoments();
    expect([acc.mean().value, acc.sd().value, acc.minimum(), acc.maximum()]).toEqual([null, null, null, null]);
  });

  it('reports a mean or SD that would overflow as not computable, never Infinity (bad data such as 1e300 in a CSV)', () => {
    const wide = new RunningMoments();
    for (const x of [1e300, -1e300]) wide.push(x);
    const sd = wide.sd();
    expect(sd.value).toBeNull();
    expect(sd.reason).toMatch(/te groot/);
    // the mean of ±MAX_VALUE overflows in Welford's update (the difference is −Infinity)
    expect(mean([Number.MAX_VALUE, -Number.MAX_VALUE]).value).toBeNull();
    expect(mean([1e300, 1e300]).value).toBe(1e300);
    // (a + b) / 2 would overflow; the median halves first
    expect(median([Number.MAX_VALUE, Number.MAX_VALUE]).value).toBe(Number.MAX_VALUE);
    expect(median([1, 2, 3, 4]).value).toBe(2.5);
    expect(momentsFromCounts([1e300, -1e300], [1, 1]).sd.value).toBeNull();
    expect(momentsFromCounts([Number.MAX_VALUE], [2]).mean.value).toBeNull();
  });
});
