/**
 * Cronbach's alpha (Cronbach 1951, "Coefficient alpha and the internal structure of tests").
 *
 * Raw alpha, from the item covariance matrix C of k items:
 *   α = k/(k − 1) · (1 − Σᵢ cᵢᵢ / Σᵢⱼ cᵢⱼ)
 * (Σᵢⱼ cᵢⱼ is the variance of the sum score.) Standardized alpha is the same formula on the
 * correlation matrix R, equivalently the Spearman–Brown formula on the average inter-item correlation:
 *   α_std = k/(k − 1) · (1 − k / Σᵢⱼ rᵢⱼ) = k·r̄ / (1 + (k − 1)·r̄),   r̄ = (Σᵢⱼ rᵢⱼ − k) / (k(k − 1)).
 * These are psych::alpha's raw_alpha, std.alpha and average_r (Revelle, psych 2.2.9, `alpha.1`), and
 * SPSS RELIABILITY's "Cronbach's Alpha" and "… Based on Standardized Items".
 *
 * Not computable: fewer than two items; a sum score without variance (raw); an item without variance
 * (standardized, average r: its correlations are 0/0); standardized items that sum to a constant.
 */
import { computed, notComputable, type Computable } from './computable.js';
import { at, type SquareMatrix } from './covariance.js';
import { correlationMatrix } from './correlation.js';

function traceAndSum(m: SquareMatrix): { trace: number; sum: number } {
  let trace = 0;
  let sum = 0;
  for (let i = 0; i < m.k; i++) {
    trace += at(m, i, i);
    for (let j = 0; j < m.k; j++) sum += at(m, i, j);
  }
  return { trace, sum };
}

/** α = k/(k−1)·(1 − trace/sum) given the trace and total sum of a k × k (co)variance matrix. */
export function alphaFromSums(k: number, trace: number, sum: number): Computable {
  if (k < 2) return notComputable('alfa vraagt minstens twee items');
  if (!(sum > 0)) return notComputable('de somscore heeft geen spreiding (alle antwoorden gelijk)');
  return computed((k / (k - 1)) * (1 - trace / sum));
}

/** Raw Cronbach's alpha from the item covariance matrix. */
export function cronbachAlpha(cov: SquareMatrix): Computable {
  const { trace, sum } = traceAndSum(cov);
  return alphaFromSums(cov.k, trace, sum);
}

function zeroVarianceReason(zeroVariance: number[], names?: string[]): string {
  const which = zeroVariance.map((i) => names?.[i] ?? `item ${i + 1}`).join(', ');
  return `geen spreiding in ${which}: correlaties niet te berekenen`;
}

/** Standardized alpha (alpha of the correlation matrix). */
export function standardizedAlpha(cov: SquareMatrix, names?: string[]): Computable {
  const k = cov.k;
  if (k < 2) return notComputable('alfa vraagt minstens twee items');
  const { matrix, zeroVariance } = correlationMatrix(cov);
  if (!matrix) return notComputable(zeroVarianceReason(zeroVariance, names));
  const { sum } = traceAndSum(matrix);
  // sum ≥ 0 for a correlation matrix; 0 only when the standardized items sum to a constant
  if (!(sum > 1e-12)) return notComputable('de gestandaardiseerde items tellen op tot een constante');
  return computed((k / (k - 1)) * (1 - k / sum));
}

/** Mean of the k(k − 1) off-diagonal correlations (psych's average_r). */
export function averageInterItemCorrelation(cov: SquareMatrix, names?: string[]): Computable {
  const k = cov.k;
  if (k < 2) return notComputable('een gemiddelde correlatie vraagt minstens twee items');
  const { matrix, zeroVariance } = correlationMatrix(cov);
  if (!matrix) return notComputable(zeroVarianceReason(zeroVariance, names));
  const { sum } = traceAndSum(matrix);
  return computed((sum - k) / (k * (k - 1)));
}
