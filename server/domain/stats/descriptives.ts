/**
 * Descriptive statistics of one variable: mean, sample standard deviation, median.
 *
 * - mean  x̄ = Σxᵢ / n
 * - sample variance  s² = Σ(xᵢ − x̄)² / (n − 1)   (the n − 1 denominator of SPSS, R `sd()` and psych)
 * - median: the middle value of the sorted data, or the mean of the two middle values (R `median()`,
 *   Hyndman & Fan type 7 at p = 0.5).
 *
 * The streaming accumulator uses Welford's update (Welford 1962; Knuth, TAOCP vol. 2, §4.2.2), which
 * avoids the cancellation of the textbook Σx² − n·x̄² formula when n is large.
 * Not computable: the mean of nothing, the SD of fewer than two values, and a mean or SD that overflows
 * double precision (values near ±1e308, which only bad data can hold).
 */
import { computed, notComputable, type Computable } from './computable.js';

const TOO_LARGE = 'de waarden zijn te groot om mee te rekenen';

/** Streaming count, mean, variance, minimum and maximum in one pass (Welford). */
export class RunningMoments {
  n = 0;
  private m = 0;
  private m2 = 0;
  min = Infinity;
  max = -Infinity;

  /** Add one observation. */
  push(x: number): void {
    this.n += 1;
    const d = x - this.m;
    this.m += d / this.n;
    this.m2 += d * (x - this.m);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  mean(): Computable {
    if (this.n === 0) return notComputable('geen waarnemingen');
    return Number.isFinite(this.m) ? computed(this.m) : notComputable(TOO_LARGE);
  }

  /** Sample variance (n − 1). */
  variance(): Computable {
    if (this.n < 2) return notComputable(`te weinig waarnemingen voor een spreiding (n = ${this.n})`);
    const v = this.m2 / (this.n - 1);
    return Number.isFinite(v) ? computed(Math.max(0, v)) : notComputable(TOO_LARGE);
  }

  /** Sample standard deviation (n − 1). */
  sd(): Computable {
    const v = this.variance();
    return v.value === null ? v : computed(Math.sqrt(v.value));
  }

  minimum(): number | null {
    return this.n > 0 ? this.min : null;
  }

  maximum(): number | null {
    return this.n > 0 ? this.max : null;
  }
}

/** Arithmetic mean of the values. */
export function mean(xs: ArrayLike<number>): Computable {
  const acc = new RunningMoments();
  for (let i = 0; i < xs.length; i++) acc.push(xs[i]!);
  return acc.mean();
}

/** Median (R `median()`); sorts a copy. */
export function median(xs: ArrayLike<number>): Computable {
  if (xs.length === 0) return notComputable('geen waarnemingen');
  const sorted = Float64Array.from(xs).sort();
  const mid = sorted.length >> 1;
  // halving first cannot overflow, and halving is exact, so the result equals (a + b) / 2 whenever that is finite
  return computed(sorted.length % 2 === 1 ? sorted[mid]! : sorted[mid - 1]! / 2 + sorted[mid]! / 2);
}

/**
 * Mean and sample SD of a discrete variable from its frequency distribution: exact two-pass formulas
 * over the distinct values, so the item statistics of a million responses need only a count per code.
 */
export function momentsFromCounts(values: ArrayLike<number>, counts: ArrayLike<number>): { n: number; mean: Computable; sd: Computable } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    n += counts[i]!;
    sum += counts[i]! * values[i]!;
  }
  if (n === 0) return { n, mean: notComputable('geen waarnemingen'), sd: notComputable('geen waarnemingen') };
  const m = sum / n;
  if (!Number.isFinite(m)) return { n, mean: notComputable(TOO_LARGE), sd: notComputable(TOO_LARGE) };
  if (n < 2) return { n, mean: computed(m), sd: notComputable(`te weinig waarnemingen voor een spreiding (n = ${n})`) };
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += counts[i]! * (values[i]! - m) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { n, mean: computed(m), sd: Number.isFinite(sd) ? computed(sd) : notComputable(TOO_LARGE) };
}
