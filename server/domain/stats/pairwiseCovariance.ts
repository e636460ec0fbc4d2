/**
 * The covariance matrix of k variables with pairwise deletion: entry (i, j) over the observations
 * that have both i and j, each pair with its own means,
 *
 *   cᵢⱼ = (Σ xᵢxⱼ − Σxᵢ·Σxⱼ / nᵢⱼ) / (nᵢⱼ − 1)   over the nᵢⱼ observations with both,
 *
 * which is R's cov(x, use = "pairwise.complete.obs") and what psych::alpha uses by default when
 * answers are missing. Values are shifted by a fixed origin per variable (the first value seen)
 * against cancellation, as CovarianceAccumulator does.
 */
import type { SquareMatrix } from './covariance.js';

export class PairwiseCovarianceAccumulator {
  readonly k: number;
  private readonly shift: Float64Array;
  private readonly seen: Uint8Array;
  /** Per pair (row-major, upper triangle used): n, Σx, Σy, Σxy on shifted values. */
  private readonly n: Float64Array;
  private readonly sx: Float64Array;
  private readonly sy: Float64Array;
  private readonly sxy: Float64Array;

  constructor(k: number) {
    this.k = k;
    this.shift = new Float64Array(k);
    this.seen = new Uint8Array(k);
    this.n = new Float64Array(k * k);
    this.sx = new Float64Array(k * k);
    this.sy = new Float64Array(k * k);
    this.sxy = new Float64Array(k * k);
  }

  /** Add one observation; NaN marks a missing value. */
  push(row: ArrayLike<number>): void {
    const k = this.k;
    for (let i = 0; i < k; i++) {
      const x = row[i]!;
      if (Number.isNaN(x)) continue;
      if (!this.seen[i]) {
        this.seen[i] = 1;
        this.shift[i] = x;
      }
    }
    for (let i = 0; i < k; i++) {
      const xi = row[i]!;
      if (Number.isNaN(xi)) continue;
      const di = xi - this.shift[i]!;
      for (let j = i; j < k; j++) {
        const xj = row[j]!;
        if (Number.isNaN(xj)) continue;
        const dj = xj - this.shift[j]!;
        const p = i * k + j;
        this.n[p] = this.n[p]! + 1;
        this.sx[p] = this.sx[p]! + di;
        this.sy[p] = this.sy[p]! + dj;
        this.sxy[p] = this.sxy[p]! + di * dj;
      }
    }
  }

  /** The smallest number of observations behind an entry (a variance or a covariance). */
  minPairN(): number {
    let min = Infinity;
    for (let i = 0; i < this.k; i++) for (let j = i; j < this.k; j++) min = Math.min(min, this.n[i * this.k + j]!);
    return Number.isFinite(min) ? min : 0;
  }

  /** The pairwise covariance matrix; null when some pair has fewer than two observations. */
  covariance(): SquareMatrix | null {
    const k = this.k;
    const values = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        const p = i * k + j;
        const n = this.n[p]!;
        if (n < 2) return null;
        let c = (this.sxy[p]! - (this.sx[p]! * this.sy[p]!) / n) / (n - 1);
        if (i === j && c < 0) c = 0;
        values[p] = c;
        values[j * k + i] = c;
      }
    }
    return { k, values };
  }
}
