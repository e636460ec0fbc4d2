/**
 * The Feldt confidence interval of alpha (server/domain/stats/feldt.ts) against R's F quantiles, the
 * formula psych::alpha.ci uses (R 4.2.2, psych 2.2.9; sections E and F of
 * tests/fixtures/analysis/reference.R), to 1e-12.
 */
import { describe, expect, it } from 'vitest';
import { feldtInterval } from '../../../server/domain/stats/feldt.js';
import { close } from '../../helpers/analysis.js';

describe('feldtInterval', () => {
  /*
   * > feldt <- function(a, n, k, level = 0.95) {
   * +   p <- 1 - level; 1 - (1 - a) * qf(c(1 - p / 2, p / 2), n - 1, (n - 1) * (k - 1)) }
   * feldt(0.8, 76, 6, 0.95): 0.721304747181236 0.862358104018067
   * feldt(0.7, 20, 4, 0.9): 0.468408446671350 0.848834909803444
   * feldt(0.9, 1000, 10, 0.95): 0.890500560205837 0.908991398837247
   * feldt(0.5, 3, 2, 0.95): -18.499999999999982   0.987179487179487
   * feldt(-0.2, 12, 3, 0.99): -3.33460547966198  0.75006218783782
   */
  it.each([
    [0.8, 76, 6, 0.95, 0.721304747181236, 0.862358104018067],
    [0.7, 20, 4, 0.9, 0.46840844667135, 0.848834909803444],
    [0.9, 1000, 10, 0.95, 0.890500560205837, 0.908991398837247],
    [0.5, 3, 2, 0.95, -18.499999999999982, 0.987179487179487],
    [-0.2, 12, 3, 0.99, -3.33460547966198, 0.75006218783782],
  ])('alpha %f, n = %i, k = %i at level %f matches R qf to 1e-12', (alpha, n, k, level, lower, upper) => {
    const ci = feldtInterval(alpha, n, k, level);
    expect(ci.reason).toBeNull();
    close(ci.value?.[0], lower, 1e-12);
    close(ci.value?.[1], upper, 1e-12);
  });

  /*
   * > a <- alpha(attitude, check.keys = FALSE, warnings = FALSE)
   * > print(a$feldt, digits = 15)
   *    95% confidence boundaries (Feldt)
   *              lower            alpha             upper
   *  0.739375685643107 0.84314276956476 0.915773072159982
   */
  /*
   * > options(digits = 17)
   * > feldt(0.05, 40, 6)      # low alpha
   * [1] -0.49191812223517184  0.44218111654934711
   * > feldt(-0.3, 25, 4)      # negative alpha
   * [1] -1.39293412926352689  0.36801927611807672
   * > feldt(0.62, 150, 2)     # two items
   * [1] 0.47545237561460896 0.72471517687418263
   * > feldt(0.91, 20000, 13)  # 20,000 responses
   * [1] 0.90815325625864973 0.91182535244752538
   * > feldt(0.8, 76, 6)
   * [1] 0.72130474718123594 0.86235810401806723
   */
  it.each([
    [0.05, 40, 6, -0.49191812223517184, 0.44218111654934711],
    [-0.3, 25, 4, -1.39293412926352689, 0.36801927611807672],
    [0.62, 150, 2, 0.47545237561460896, 0.72471517687418263],
    [0.91, 20000, 13, 0.90815325625864973, 0.91182535244752538],
    [0.8, 76, 6, 0.72130474718123594, 0.86235810401806723],
  ])('alpha %f, n = %i, k = %i matches R qf to 1e-12', (alpha, n, k, lower, upper) => {
    const ci = feldtInterval(alpha, n, k);
    expect(Math.abs(ci.value![0] - lower)).toBeLessThan(1e-12);
    expect(Math.abs(ci.value![1] - upper)).toBeLessThan(1e-12);
  });

  it('gives the bounds psych::alpha prints for R’s attitude data (n = 30, k = 7)', () => {
    const ci = feldtInterval(0.84314276956476, 30, 7);
    close(ci.value?.[0], 0.739375685643107);
    close(ci.value?.[1], 0.915773072159982);
  });

  it('is not computable without alpha, with n < 2 or k < 2, and refuses a level outside (0, 1)', () => {
    expect(feldtInterval(null, 10, 3)).toEqual({ value: null, reason: 'alfa is niet te berekenen' });
    expect(feldtInterval(0.8, 1, 3).reason).toMatch(/n = 1/);
    expect(feldtInterval(0.8, 10, 1).reason).toBe('een betrouwbaarheidsinterval vraagt minstens twee items');
    expect(() => feldtInterval(0.8, 10, 3, 95)).toThrow(RangeError);
  });
});
