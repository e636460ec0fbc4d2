/**
 * Mean, SD, median and streamed moments (server/domain/stats/descriptives.ts) against base R
 * (R 4.2.2; section E of tests/fixtures/analysis/reference.R), and the limits worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { RunningMoments, mean, median, momentsFromCounts } from '../../../server/domain/stats/descriptives.js';
import { attitude, close } from '../../helpers/analysis.js';

describe('descriptives', () => {
  /*
   * > print(sapply(attitude, function(x) c(mean = mean(x), sd = sd(x), median = median(x))), digits = 15)
   *                  rating       complaints       privileges         learning
   * mean   64.6333333333333 66.6000000000000 53.1333333333333 56.3666666666667
   * sd     12.1725619475859 13.3147571746799 12.2354299935244 11.7370128765529
   * median 65.5000000000000 65.0000000000000 51.5000000000000 56.5000000000000
   *                  raises          critical          advance
   * mean   64.6333333333333 74.76666666666667 42.9333333333333
   * sd     10.3972255361983  9.89490754895157 10.2887060053424
   * median 63.5000000000000 77.50000000000000 41.0000000000000
   */
  it('matches R mean, sd and median on every column of R’s attitude data, also when streamed', () => {
    const r = [
      [64.6333333333333, 12.1725619475859, 65.5],
      [66.6, 13.3147571746799, 65],
      [53.1333333333333, 12.2354299935244, 51.5],
      [56.3666666666667, 11.7370128765529, 56.5],
      [64.6333333333333, 10.3972255361983, 63.5],
      [74.76666666666667, 9.89490754895157, 77.5],
      [42.9333333333333, 10.2887060053424, 41],
    ];
    const { rows } = attitude();
    r.forEach(([m, sd, med], j) => {
      const column = rows.map((row) => row[j]!);
      close(mean(column).value, m!, 1e-12);
      expect(median(column).value).toBe(med);
      const acc = new RunningMoments();
      for (const x of column) acc.push(x);
      close(acc.mean().value, m!, 1e-12);
      close(acc.sd().value, sd!, 1e-12);
    });
  });

  /*
   * > x <- rep(1:5, c(3, 7, 12, 5, 2)); print(c(length(x), mean(x), sd(x)), digits = 15)
   * [1] 29.00000000000000  2.86206896551724  1.05978899284698
   */
  it('matches R on a frequency table given as counts per code', () => {
    const r = momentsFromCounts([1, 2, 3, 4, 5], [3, 7, 12, 5, 2]);
    expect(r.n).toBe(29);
    close(r.mean.value, 2.86206896551724, 1e-12);
    close(r.sd.value, 1.05978899284698, 1e-12);
  });

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
