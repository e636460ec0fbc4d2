/**
 * Confidence interval of a mean, from the t distribution (Student 1908; any statistics textbook,
 * e.g. Moore, McCabe & Craig, "Introduction to the Practice of Statistics", §7.1):
 *
 *   mean ± t⁻¹(1 − p/2; n − 1) · sd / √n,   p = 1 − level, sd with n − 1
 *
 * which is what R's t.test(x)$conf.int gives. Used for an aspect's mean score (the respondents'
 * aspect scores are the observations); the one place such an interval is computed.
 *
 * The t quantile comes from jStat (`jStat.studentt.inv`); against R's qt() its relative error is
 * about 2e-8 (qt(0.975, 75) = 1.99210215400, jStat 1.99210212381), far below the two decimals a
 * score is printed with.
 *
 * Not computable: no mean or SD, or fewer than two observations.
 */
import jStat from 'jstat';
import type { Interval } from './feldt.js';

/** The `level` confidence interval of a mean of `n` observations with standard deviation `sd` (n − 1). */
export function meanInterval(mean: number | null, sd: number | null, n: number, level = 0.95): Interval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be between 0 and 1, got ${level}`);
  if (mean === null || sd === null) return { value: null, reason: 'gemiddelde of standaardafwijking is niet te berekenen' };
  if (n < 2) return { value: null, reason: `te weinig respondenten voor een betrouwbaarheidsinterval (n = ${n})` };
  const half = jStat.studentt.inv(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
  if (!Number.isFinite(half)) return { value: null, reason: `t-kwantiel niet te berekenen (df = ${n - 1})` };
  return { value: [mean - half, mean + half], reason: null };
}
