/**
 * Pearson correlation from a covariance matrix:  rᵢⱼ = cᵢⱼ / √(cᵢᵢ·cⱼⱼ).
 *
 * A variable with zero variance has no correlation with anything (0/0): its row and column are
 * not computable, never NaN. Rounding can push |r| a hair above 1 for identical columns; the value
 * is clamped to [−1, 1].
 */
import { at, type SquareMatrix } from './covariance.js';
import { computed, notComputable, type Computable } from './computable.js';

/** Clamp a correlation computed in floating point to [−1, 1]. */
export function clampCorrelation(r: number): number {
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

/** The correlation matrix, or null (with the zero-variance variables) when a variance is zero. */
export function correlationMatrix(cov: SquareMatrix): { matrix: SquareMatrix | null; zeroVariance: number[] } {
  const { k } = cov;
  const zeroVariance: number[] = [];
  for (let i = 0; i < k; i++) if (!(at(cov, i, i) > 0)) zeroVariance.push(i);
  if (zeroVariance.length > 0) return { matrix: null, zeroVariance };
  const sd = new Float64Array(k);
  for (let i = 0; i < k; i++) sd[i] = Math.sqrt(at(cov, i, i));
  const values = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) values[i * k + j] = i === j ? 1 : clampCorrelation(at(cov, i, j) / (sd[i]! * sd[j]!));
  return { matrix: { k, values }, zeroVariance };
}

/** Pearson correlation of two paired samples (R `cor(x, y)`). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): Computable {
  const n = x.length;
  if (n !== y.length) throw new Error('pearson: samples differ in length');
  if (n < 2) return notComputable(`te weinig waarnemingen voor een correlatie (n = ${n})`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0 || syy === 0) return notComputable('een van beide variabelen heeft geen spreiding');
  return computed(clampCorrelation(sxy / Math.sqrt(sxx * syy)));
}
