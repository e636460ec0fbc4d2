/**
 * Item analysis of a scale: alpha if an item is deleted and the corrected item-total correlation.
 *
 * With C the item covariance matrix, T = Σⱼ xⱼ the sum score and rᵢ = Σⱼ cᵢⱼ the row sum of item i:
 * - alpha if item i is deleted: Cronbach's alpha of C without row and column i, i.e. k − 1 items with
 *   trace − cᵢᵢ and total Σ C − 2rᵢ + cᵢᵢ (psych `alpha.drop`, SPSS "Cronbach's Alpha if Item Deleted");
 * - corrected item-total ("item-rest") correlation: the correlation of item i with T − xᵢ,
 *   cov(xᵢ, T − xᵢ) = rᵢ − cᵢᵢ,  var(T − xᵢ) = Σ C − 2rᵢ + cᵢᵢ,
 *   r = (rᵢ − cᵢᵢ) / √(cᵢᵢ · var(T − xᵢ))   (psych `r.drop`, SPSS "Corrected Item-Total Correlation").
 * A negative item-rest correlation usually means the item is keyed the other way.
 *
 * Not computable: fewer than two items left after deletion; an item or a rest score without variance.
 */
import { alphaFromSums } from './cronbachAlpha.js';
import { at, type SquareMatrix } from './covariance.js';
import { correlationMatrix, clampCorrelation } from './correlation.js';
import { computed, notComputable, type Computable } from './computable.js';

export interface ItemTotalStatistics {
  alphaIfDeleted: Computable;
  standardizedAlphaIfDeleted: Computable;
  itemRestCorrelation: Computable;
}

function sums(m: SquareMatrix): { trace: number; total: number; rows: Float64Array } {
  const rows = new Float64Array(m.k);
  let trace = 0;
  let total = 0;
  for (let i = 0; i < m.k; i++) {
    trace += at(m, i, i);
    for (let j = 0; j < m.k; j++) rows[i] = rows[i]! + at(m, i, j);
    total += rows[i]!;
  }
  return { trace, total, rows };
}

/** Alpha-if-deleted (raw and standardized) and item-rest correlation of every item. */
export function itemTotalStatistics(cov: SquareMatrix): ItemTotalStatistics[] {
  const k = cov.k;
  const raw = sums(cov);
  const { matrix: corr } = correlationMatrix(cov);
  const std = corr ? sums(corr) : null;
  const out: ItemTotalStatistics[] = [];
  for (let i = 0; i < k; i++) {
    const cii = at(cov, i, i);
    const alphaIfDeleted =
      k - 1 < 2
        ? notComputable('na weglaten blijft één item over')
        : alphaFromSums(k - 1, raw.trace - cii, raw.total - 2 * raw.rows[i]! + cii);
    let standardizedAlphaIfDeleted: Computable;
    if (k - 1 < 2) standardizedAlphaIfDeleted = notComputable('na weglaten blijft één item over');
    else if (!std) standardizedAlphaIfDeleted = standardizedWithout(cov, i);
    else standardizedAlphaIfDeleted = alphaFromSumsStd(k - 1, std.total - 2 * std.rows[i]! + 1);
    const restVariance = raw.total - 2 * raw.rows[i]! + cii;
    let itemRestCorrelation: Computable;
    if (k < 2) itemRestCorrelation = notComputable('een schaal van één item heeft geen restscore');
    else if (!(cii > 0)) itemRestCorrelation = notComputable('het item heeft geen spreiding');
    else if (!(restVariance > 0)) itemRestCorrelation = notComputable('de overige items hebben samen geen spreiding');
    else itemRestCorrelation = computed(clampCorrelation((raw.rows[i]! - cii) / Math.sqrt(cii * restVariance)));
    out.push({ alphaIfDeleted, standardizedAlphaIfDeleted, itemRestCorrelation });
  }
  return out;
}

function alphaFromSumsStd(k: number, sum: number): Computable {
  if (!(sum > 1e-12)) return notComputable('de gestandaardiseerde items tellen op tot een constante');
  return computed((k / (k - 1)) * (1 - k / sum));
}

/** Standardized alpha without item i, computed afresh when some item has no variance. */
function standardizedWithout(cov: SquareMatrix, drop: number): Computable {
  const k = cov.k - 1;
  const values = new Float64Array(k * k);
  const keep = Array.from({ length: cov.k }, (_, i) => i).filter((i) => i !== drop);
  keep.forEach((a, i) => keep.forEach((b, j) => (values[i * k + j] = at(cov, a, b))));
  const { matrix } = correlationMatrix({ k, values });
  if (!matrix) return notComputable('een ander item heeft geen spreiding: correlaties niet te berekenen');
  return alphaFromSumsStd(k, sums(matrix).total);
}
