/**
 * Confidence interval of Cronbach's alpha after Feldt (Feldt 1965; Feldt, Woodruff & Salih 1987,
 * "Statistical inference for coefficient alpha", Applied Psychological Measurement 11, 93–103).
 *
 * (1 − α̂)/(1 − α) follows an F distribution with n − 1 and (n − 1)(k − 1) degrees of freedom, so
 *   lower = 1 − (1 − α̂) · F⁻¹(1 − p/2; n − 1, (n − 1)(k − 1))
 *   upper = 1 − (1 − α̂) · F⁻¹(p/2;     n − 1, (n − 1)(k − 1))
 * with p = 1 − level. This is psych::alpha.ci (and the "Feldt" bounds psych::alpha prints).
 *
 * The F quantile comes from jStat (`jStat.centralF.inv`), not from hand-rolled special functions.
 * Its relative error is about 1e-9 (its incomplete beta stops at 3e-7 per continued-fraction step,
 * its log-gamma is the 6-term Lanczos series); for the bounds that is below 1e-9 absolute. Beware
 * comparing with R at very large df: R 4.2's qf() is itself wrong there (qf(.975, 99999, 1199988)
 * returns 1.00878, whose pf() is 0.9701); jStat and @stdlib agree on 1.0091470.
 *
 * Not computable: alpha not computable, fewer than two observations or two items.
 */
import jStat from 'jstat';

export type Interval = { value: [number, number]; reason: null } | { value: null; reason: string };

/** Feldt confidence interval for alpha estimated from n observations of k items. */
export function feldtInterval(alpha: number | null, n: number, k: number, level = 0.95): Interval {
  if (alpha === null) return { value: null, reason: 'alfa is niet te berekenen' };
  if (n < 2) return { value: null, reason: `te weinig respondenten voor een betrouwbaarheidsinterval (n = ${n})` };
  if (k < 2) return { value: null, reason: 'een betrouwbaarheidsinterval vraagt minstens twee items' };
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be between 0 and 1, got ${level}`);
  const p = 1 - level;
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const fHigh = jStat.centralF.inv(1 - p / 2, df1, df2);
  const fLow = jStat.centralF.inv(p / 2, df1, df2);
  const lower = 1 - (1 - alpha) * fHigh;
  const upper = 1 - (1 - alpha) * fLow;
  if (!Number.isFinite(lower) || !Number.isFinite(upper))
    return { value: null, reason: `F-kwantiel niet te berekenen (df = ${df1}, ${df2})` };
  return { value: [lower, upper], reason: null };
}
