/**
 * The one-pass covariance accumulator (server/domain/stats/covariance.ts) against R's cov() and
 * colMeans() (R 4.2.2; section E of tests/fixtures/analysis/reference.R).
 */
import { describe, expect, it } from 'vitest';
import { at, CovarianceAccumulator } from '../../../server/domain/stats/covariance.js';
import { attitude, close } from '../../helpers/analysis.js';

describe('CovarianceAccumulator', () => {
  /*
   * > print(cov(attitude), digits = 15)      # (upper triangle, rounded as R prints it)
   *                       rating        complaints        privileges          learning            raises         critical          advance
   * rating     148.1712643678161 133.7793103448276  63.4643678160920  89.1045977011494  74.6885057471264 18.8425287356322  19.4229885057471
   * complaints                   177.2827586206897  90.9517241379310  93.2551724137931  92.6413793103448 24.7310344827586  30.7655172413793
   * privileges                                     149.7057471264368  70.8459770114943  56.6712643678161 17.8252873563218  43.2160919540230
   * learning                                                         137.7574712643678  78.1390804597701 13.4678160919540  64.1977011494253
   * raises                                                                             108.1022988505747 38.7735632183908  61.4229885057471
   * critical                                                                                             97.9091954022988  28.8459770114943
   * advance                                                                                                               105.8574712643678
   * > print(colMeans(attitude), digits = 15)
   *           rating       complaints       privileges         learning
   * 64.6333333333333 66.6000000000000 53.1333333333333 56.3666666666667
   *           raises         critical          advance
   * 64.6333333333333 74.7666666666667 42.9333333333333
   * > sapply(attitude, min); sapply(attitude, max)
   *     40 37 30 34 43 49 25
   *     85 90 83 75 88 92 72
   */
  it('reproduces R cov() and the means, minima and maxima of R’s attitude data', () => {
    const expected = [
      [148.1712643678161, 133.7793103448276, 63.464367816092, 89.1045977011494, 74.6885057471264, 18.8425287356322, 19.4229885057471],
      [177.2827586206897, 90.951724137931, 93.2551724137931, 92.6413793103448, 24.7310344827586, 30.7655172413793],
      [149.7057471264368, 70.8459770114943, 56.6712643678161, 17.8252873563218, 43.216091954023],
      [137.7574712643678, 78.1390804597701, 13.467816091954, 64.1977011494253],
      [108.1022988505747, 38.7735632183908, 61.4229885057471],
      [97.9091954022988, 28.8459770114943],
      [105.8574712643678],
    ];
    const acc = new CovarianceAccumulator(7);
    for (const row of attitude().rows) acc.push(row);
    expect(acc.n).toBe(30);
    const cov = acc.covariance()!;
    for (let i = 0; i < 7; i++)
      for (let j = i; j < 7; j++) {
        close(at(cov, i, j), expected[i]![j - i]!, 1e-10);
        expect(at(cov, j, i)).toBe(at(cov, i, j));
      }
    const means = [64.6333333333333, 66.6, 53.1333333333333, 56.3666666666667, 64.6333333333333, 74.7666666666667, 42.9333333333333];
    acc.means().forEach((m, i) => close(m, means[i]!, 1e-12));
    expect([...acc.min]).toEqual([40, 37, 30, 34, 43, 49, 25]);
    expect([...acc.max]).toEqual([85, 90, 83, 75, 88, 92, 72]);
  });

  it('stays exact where Σxy − n·x̄ȳ cancels (values near 1e9; by hand: var = 30, cov = −30)', () => {
    const acc = new CovarianceAccumulator(2);
    for (const x of [4, 7, 13, 16]) acc.push([1e9 + x, 1e9 - x]);
    const cov = acc.covariance()!;
    expect(at(cov, 0, 0)).toBe(30);
    expect(at(cov, 0, 1)).toBe(-30);
  });

  it('has no covariance with fewer than two observations', () => {
    const acc = new CovarianceAccumulator(3);
    expect(acc.covariance()).toBeNull();
    acc.push([1, 2, 3]);
    expect(acc.covariance()).toBeNull();
  });
});
