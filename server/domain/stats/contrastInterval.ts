/**
 * Confidence interval of a linear combination of independent group means, Σ cᵢ·meanᵢ, with the
 * Welch–Satterthwaite approximation (Welch 1947; Satterthwaite 1946):
 *
 *   estimate = Σ cᵢ·mᵢ,   se² = Σ cᵢ²·sᵢ²/nᵢ,   df = se⁴ / Σ (cᵢ²·sᵢ²/nᵢ)² / (nᵢ − 1)
 *   interval = estimate ± t⁻¹(1 − p/2; df) · se,   p = 1 − level
 *
 * With c = (1, −1) this is Welch's two-sample interval, R's t.test(x, y)$conf.int (var.equal = FALSE,
 * the default). A house against the pooled mean of all houses including itself is the combination
 * m₀ − Σ (nₕ/N)·mₕ, against the mean of house means m₀ − Σ mₕ/H: the same function, so every
 * difference the platform prints gets its interval in one place. Groups are taken as independent
 * samples (two waves of one house: different moments, anonymous responses cannot be paired).
 *
 * Not computable: a group without mean or SD, or with fewer than two observations.
 */
import type { Interval } from './feldt.js';
import { tQuantile } from './quantiles.js';

export interface ContrastTerm {
  /** The weight cᵢ of this group's mean. */
  weight: number;
  mean: number | null;
  /** Standard deviation with n − 1. */
  sd: number | null;
  n: number;
}

export interface ContrastInterval {
  estimate: number | null;
  interval: Interval;
  /** The Welch–Satterthwaite degrees of freedom; null when not computable. */
  df: number | null;
}

/** The `level` interval of Σ weight·mean over independent groups (Welch–Satterthwaite). */
export function contrastInterval(terms: readonly ContrastTerm[], level = 0.95): ContrastInterval {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be between 0 and 1, got ${level}`);
  const used = terms.filter((t) => t.weight !== 0);
  if (used.some((t) => t.mean === null)) return { estimate: null, interval: { value: null, reason: 'een gemiddelde ontbreekt' }, df: null };
  const estimate = used.reduce((sum, t) => sum + t.weight * t.mean!, 0);
  const small = used.find((t) => t.n < 2 || t.sd === null);
  if (small) return { estimate, interval: { value: null, reason: `te weinig respondenten voor een betrouwbaarheidsinterval (n = ${small.n})` }, df: null };
  const parts = used.map((t) => ({ v: (t.weight * t.weight * t.sd! * t.sd!) / t.n, df: t.n - 1 }));
  const variance = parts.reduce((sum, p) => sum + p.v, 0);
  if (variance === 0) return { estimate, interval: { value: [estimate, estimate], reason: null }, df: null };
  const df = (variance * variance) / parts.reduce((sum, p) => sum + (p.v * p.v) / p.df, 0);
  const half = tQuantile(1 - (1 - level) / 2, df) * Math.sqrt(variance);
  if (!Number.isFinite(half)) return { estimate, interval: { value: null, reason: `t-kwantiel niet te berekenen (df = ${df})` }, df: null };
  return { estimate, interval: { value: [estimate - half, estimate + half], reason: null }, df };
}

/** Welch's interval of mean(a) − mean(b) (R: t.test(a, b)$conf.int). */
export function welchInterval(a: Omit<ContrastTerm, 'weight'>, b: Omit<ContrastTerm, 'weight'>, level = 0.95): ContrastInterval {
  return contrastInterval([{ ...a, weight: 1 }, { ...b, weight: -1 }], level);
}
