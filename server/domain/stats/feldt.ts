/**
 * Confidence interval of Cronbach's alpha after Feldt (Feldt 1965; Feldt, Woodruff & Salih 1987,
 * "Statistical inference for coefficient alpha", Applied Psychological Measurement 11, 93–103).
 *
 * (1 − α̂)/(1 − α) follows an F distribution with n − 1 and (n − 1)(k − 1) degrees of freedom, so
 *   lower = 1 − (1 − α̂) · F⁻¹(1 − p/2; n − 1, (n − 1)(k − 1))
 *   upper = 1 − (1 − α̂) · F⁻¹(p/2;     n − 1, (n − 1)(k − 1))
 * with p = 1 − level. This is psych::alpha.ci (and the "Feldt" bounds psych::alpha prints).
 *
 * The F quantile is quantiles.ts' fQuantile, which matches R's qf() to about 1e-15 relative, so the
 * bounds match psych to 1e-12 (low alpha, two items and 20,000 responses included).
 *
 * Not computable: alpha not computable, fewer than two observations or two items.
 */
import { fQuantile } from './quantiles.js';

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
  const fHigh = fQuantile(1 - p / 2, df1, df2);
  const fLow = fQuantile(p / 2, df1, df2);
  const lower = 1 - (1 - alpha) * fHigh;
  const upper = 1 - (1 - alpha) * fLow;
  if (!Number.isFinite(lower) || !Number.isFinite(upper))
    return { value: null, reason: `F-kwantiel niet te berekenen (df = ${df1}, ${df2})` };
  return { value: [lower, upper], reason: null };
}
