/**
 * Rounding percentages so a column adds up to exactly 100: the largest remainder method
 * (Hamilton's method; Balinski & Young, "Fair Representation", 1982).
 *
 * With U = 100 · 10^d units (d decimals) and N = Σ cᵢ, each row gets ⌊cᵢ·U/N⌋ units; the units still
 * missing go one each to the rows with the largest remainders (cᵢ·U mod N), ties to the larger count,
 * then to the earlier row. Counts are integers, so quotients and remainders are computed exactly and
 * the result never depends on floating-point noise. A row with count 0 always gets 0; a non-zero row
 * can get 0 when its share is below half a unit (1 of 1000 at 0 decimals).
 *
 * This is what keeps a published table from summing to 109 % (breedtescan Bijlage 4, Tabel 4 and 21).
 * Not computable: an all-zero column (no base), returned as null.
 */

/** Percentages of the counts, rounded to `decimals` so they sum to exactly `total` (default 100). */
export function largestRemainder(counts: readonly number[], decimals = 0, total = 100): number[] | null {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) throw new RangeError(`decimals must be 0..6, got ${decimals}`);
  const scale = 10 ** decimals;
  const units = total * scale;
  if (!Number.isInteger(units)) throw new RangeError('total · 10^decimals must be a whole number');
  let n = 0;
  for (const c of counts) {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`counts must be non-negative integers, got ${c}`);
    n += c;
  }
  if (n === 0) return null;
  if (!Number.isSafeInteger(n * units)) throw new RangeError('counts too large for exact rounding');
  const floors = counts.map((c) => Math.floor((c * units) / n));
  const remainders = counts.map((c) => (c * units) % n);
  let missing = units - floors.reduce((a, b) => a + b, 0);
  const order = counts
    .map((_, i) => i)
    .sort((a, b) => remainders[b]! - remainders[a]! || counts[b]! - counts[a]! || a - b);
  for (const i of order) {
    if (missing === 0) break;
    if (remainders[i] === 0) continue;
    floors[i] = floors[i]! + 1;
    missing -= 1;
  }
  return floors.map((f) => f / scale);
}

/** A single share c/n in percent, rounded to `decimals` (for columns that need not sum to 100). */
export function roundedPercent(count: number, n: number, decimals = 0): number | null {
  if (n === 0) return null;
  const scale = 10 ** decimals;
  return Math.round((count * 100 * scale) / n) / scale;
}
