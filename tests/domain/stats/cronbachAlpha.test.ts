/**
 * Cronbach's alpha, standardized alpha and the average inter-item correlation
 * (server/domain/stats/cronbachAlpha.ts) against R psych::alpha (R 4.2.2, psych 2.2.9), section E of
 * tests/fixtures/analysis/reference.R, and by hand.
 */
import { describe, expect, it } from 'vitest';
import { alphaFromSums, averageInterItemCorrelation, cronbachAlpha, standardizedAlpha } from '../../../server/domain/stats/cronbachAlpha.js';
import { attitude, close, covarianceOf } from '../../helpers/analysis.js';

describe('cronbachAlpha, standardizedAlpha and averageInterItemCorrelation', () => {
  /*
   * > library(psych)
   * > a <- alpha(attitude, check.keys = FALSE, warnings = FALSE)
   * > print(a$total[, c("raw_alpha", "std.alpha", "average_r")], digits = 15)
   *         raw_alpha         std.alpha         average_r
   *  0.84314276956476 0.839083803029511 0.426906642649717
   */
  it('reproduce psych::alpha on R’s attitude data (30 × 7)', () => {
    const cov = covarianceOf(attitude().rows);
    close(cronbachAlpha(cov).value, 0.84314276956476, 1e-12);
    close(standardizedAlpha(cov).value, 0.839083803029511, 1e-12);
    close(averageInterItemCorrelation(cov).value, 0.426906642649717, 1e-12);
  });

  /*
   * By hand: x1 = 1 2 3 4, x2 = 2 1 4 3, x3 = 1 1 4 4 (n = 4)
   * variances 5/3, 5/3, 3; covariances c12 = 1, c13 = 2, c23 = 2
   * trace = 19/3, ΣC = 19/3 + 2·(1 + 2 + 2) = 49/3  ⇒  α = 3/2 · (1 − 19/49) = 45/49
   * correlations r12 = 1/(5/3) = 0.6, r13 = r23 = 2/√5  ⇒  r̄ = (0.6 + 4/√5)/3, α_std = 3r̄/(1 + 2r̄)
   */
  it('match the formulas worked out by hand', () => {
    const cov = covarianceOf([
      [1, 2, 1],
      [2, 1, 1],
      [3, 4, 4],
      [4, 3, 4],
    ]);
    close(cronbachAlpha(cov).value, 45 / 49, 1e-12);
    close(alphaFromSums(3, 19 / 3, 49 / 3).value, 45 / 49, 1e-12);
    const rbar = (0.6 + 4 / Math.sqrt(5)) / 3;
    close(averageInterItemCorrelation(cov).value, rbar, 1e-12);
    close(standardizedAlpha(cov).value, (3 * rbar) / (1 + 2 * rbar), 1e-12);
  });

  it('say why when alpha is not computable, instead of NaN', () => {
    expect(alphaFromSums(1, 1, 1)).toEqual({ value: null, reason: 'alfa vraagt minstens twee items' });
    expect(alphaFromSums(3, 0, 0).reason).toMatch(/geen spreiding/);
    // a constant item: raw alpha exists, its correlations (0/0) do not
    const constant = covarianceOf([
      [1, 2, 3],
      [2, 3, 3],
      [4, 4, 3],
    ]);
    expect(cronbachAlpha(constant).value).not.toBeNull();
    expect(standardizedAlpha(constant, ['a', 'b', 'c']).reason).toBe('geen spreiding in c: correlaties niet te berekenen');
    expect(averageInterItemCorrelation(constant).reason).toBe('geen spreiding in item 3: correlaties niet te berekenen');
  });
});
