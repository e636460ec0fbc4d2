/**
 * The sample covariance matrix of k variables over the observations that have all k (listwise).
 *
 *   cᵢⱼ = Σₜ (xₜᵢ − x̄ᵢ)(xₜⱼ − x̄ⱼ) / (n − 1)
 *
 * Accumulated in one pass as sums of cross-products of values shifted by the first observation
 * (cᵢⱼ = (Sᵢⱼ − SᵢSⱼ/n) / (n − 1) on shifted data). Shifting removes the cancellation of the raw
 * Σxy − n·x̄ȳ formula; for integer answer codes every sum is an exact integer in double precision
 * up to far beyond a million responses, so the matrix is exact up to the final division.
 * The same matrix R gives with `cov(na.omit(x))`.
 */

/** A symmetric k × k matrix, row-major. */
export interface SquareMatrix {
  k: number;
  values: Float64Array;
}

/** Entry (i, j). */
export function at(m: SquareMatrix, i: number, j: number): number {
  return m.values[i * m.k + j]!;
}

/** One-pass accumulator of means, minima, maxima and cross-products of complete observations. */
export class CovarianceAccumulator {
  readonly k: number;
  n = 0;
  private readonly shift: Float64Array;
  private readonly sums: Float64Array;
  private readonly products: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(k: number) {
    this.k = k;
    this.shift = new Float64Array(k);
    this.sums = new Float64Array(k);
    this.products = new Float64Array(k * k);
    this.min = new Float64Array(k).fill(Infinity);
    this.max = new Float64Array(k).fill(-Infinity);
  }

  /** Add one complete observation (its first k entries). */
  push(row: ArrayLike<number>): void {
    const k = this.k;
    if (this.n === 0) for (let i = 0; i < k; i++) this.shift[i] = row[i]!;
    this.n += 1;
    const { shift, sums, products, min, max } = this;
    for (let i = 0; i < k; i++) {
      const x = row[i]!;
      const di = x - shift[i]!;
      sums[i] = sums[i]! + di;
      if (x < min[i]!) min[i] = x;
      if (x > max[i]!) max[i] = x;
      const base = i * k;
      // upper triangle only; mirrored in covariance()
      for (let j = i; j < k; j++) products[base + j] = products[base + j]! + di * (row[j]! - shift[j]!);
    }
  }

  /** Means of the complete observations. */
  means(): Float64Array {
    const out = new Float64Array(this.k);
    for (let i = 0; i < this.k; i++) out[i] = this.n > 0 ? this.shift[i]! + this.sums[i]! / this.n : NaN;
    return out;
  }

  /** Sample covariance matrix (n − 1); null with fewer than two observations. */
  covariance(): SquareMatrix | null {
    const { k, n } = this;
    if (n < 2) return null;
    const values = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        let c = (this.products[i * k + j]! - (this.sums[i]! * this.sums[j]!) / n) / (n - 1);
        // a variance cannot be negative; rounding can make a zero one a hair below zero
        if (i === j && c < 0) c = 0;
        values[i * k + j] = c;
        values[j * k + i] = c;
      }
    }
    return { k, values };
  }
}
