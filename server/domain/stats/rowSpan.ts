/**
 * Exact linear algebra over the rationals for disclosure checks (the benchmarks across a reader's waves) and tests: whether a vector lies in the span of
 * published rows, i.e. whether an attacker who knows the published linear facts (sums and counts over
 * groups) can compute that combination exactly. Integer rows, fraction-free elimination on BigInt (every
 * step keeps integers; rows are divided by their gcd), so no rounding can hide or invent a solution.
 */

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

function normalized(row: bigint[]): bigint[] {
  const g = row.reduce((acc, x) => gcd(acc, x), 0n);
  return g > 1n ? row.map((x) => x / g) : row;
}

/** An echelon basis of the rows' span: each row with its pivot column. */
export class RowSpan {
  private readonly basis: Array<{ pivot: number; row: bigint[] }> = [];
  constructor(readonly width: number) {}

  /** Reduce `v` by the basis; the remainder is zero exactly when `v` is in the span. */
  private reduce(v: readonly (number | bigint)[]): bigint[] {
    let r = v.map((x) => BigInt(x));
    for (const { pivot, row } of this.basis) {
      const a = r[pivot]!;
      if (a === 0n) continue;
      const p = row[pivot]!;
      r = normalized(r.map((x, i) => x * p - row[i]! * a));
    }
    return r;
  }

  /** Add a published row. */
  add(v: readonly (number | bigint)[]): void {
    const r = this.reduce(v);
    const pivot = r.findIndex((x) => x !== 0n);
    if (pivot >= 0) this.basis.push({ pivot, row: r });
  }

  /** Whether `v`·x can be computed from the published rows. */
  contains(v: readonly (number | bigint)[]): boolean {
    return this.reduce(v).every((x) => x === 0n);
  }

  /** An independent copy, to try rows without keeping them. */
  clone(): RowSpan {
    const copy = new RowSpan(this.width);
    copy.basis.push(...this.basis.map((b) => ({ pivot: b.pivot, row: [...b.row] })));
    return copy;
  }

  get rank(): number {
    return this.basis.length;
  }
}
