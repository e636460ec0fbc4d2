/**
 * Item analysis (server/domain/stats/itemTotal.ts): alpha if an item is deleted, raw and
 * standardized, and the corrected item-total (item-rest) correlation, against R psych::alpha
 * (R 4.2.2, psych 2.2.9; section E of tests/fixtures/analysis/reference.R) and by hand.
 */
import { describe, expect, it } from 'vitest';
import { itemTotalStatistics } from '../../../server/domain/stats/itemTotal.js';
import { attitude, close, covarianceOf } from '../../helpers/analysis.js';

describe('itemTotalStatistics', () => {
  /*
   * > a <- alpha(attitude, check.keys = FALSE, warnings = FALSE)
   * > print(data.frame(alpha.drop = a$alpha.drop$raw_alpha, std.drop = a$alpha.drop$std.alpha,
   * +                  r.drop = a$item.stats$r.drop, row.names = rownames(a$item.stats)), digits = 15)
   *                   alpha.drop          std.drop            r.drop
   * rating     0.809760206308921 0.808191517839204 0.671262057223664
   * complaints 0.796917457274140 0.795646760628584 0.742109710222238
   * privileges 0.827847765938659 0.823087915229047 0.560711111480256
   * learning   0.803030975022574 0.798366473971137 0.714445498133676
   * raises     0.795386574198205 0.784719600042359 0.786275593834400
   * critical   0.863872311446437 0.863471564465123 0.265034339196676
   * advance    0.840464868265457 0.834626493255662 0.460810549468496
   */
  it('reproduces psych::alpha’s alpha.drop, std.drop and r.drop on R’s attitude data', () => {
    const expected = [
      [0.809760206308921, 0.808191517839204, 0.671262057223664],
      [0.79691745727414, 0.795646760628584, 0.742109710222238],
      [0.827847765938659, 0.823087915229047, 0.560711111480256],
      [0.803030975022574, 0.798366473971137, 0.714445498133676],
      [0.795386574198205, 0.784719600042359, 0.7862755938344],
      [0.863872311446437, 0.863471564465123, 0.265034339196676],
      [0.840464868265457, 0.834626493255662, 0.460810549468496],
    ];
    const items = itemTotalStatistics(covarianceOf(attitude().rows));
    expect(items).toHaveLength(7);
    items.forEach((item, i) => {
      const [drop, stdDrop, rDrop] = expected[i]!;
      close(item.alphaIfDeleted.value, drop!, 1e-12);
      close(item.standardizedAlphaIfDeleted.value, stdDrop!, 1e-12);
      close(item.itemRestCorrelation.value, rDrop!, 1e-12);
    });
  });

  /*
   * By hand: x1 = 1 2 3 4, x2 = 2 1 4 3, x3 = 1 1 4 4; ΣC = 49/3, row sum of x1 = 5/3 + 1 + 2 = 14/3
   * cov(x1, rest) = 14/3 − 5/3 = 3; var(rest) = 49/3 − 2·14/3 + 5/3 = 26/3  ⇒  r.drop = 3/√(5/3 · 26/3) = 9/√130
   * without x1: trace 14/3, total 26/3  ⇒  α = 2 · (1 − 14/26) = 12/13
   */
  it('matches the formulas worked out by hand', () => {
    const [first] = itemTotalStatistics(
      covarianceOf([
        [1, 2, 1],
        [2, 1, 1],
        [3, 4, 4],
        [4, 3, 4],
      ]),
    );
    close(first!.itemRestCorrelation.value, 9 / Math.sqrt(130), 1e-12);
    close(first!.alphaIfDeleted.value, 12 / 13, 1e-12);
  });

  it('says why a value is not computable: one item left, an item or rest score without variance', () => {
    // the second item is constant: the first one's rest score has no variance
    const two = itemTotalStatistics(covarianceOf([[1, 2], [2, 2], [3, 2]]));
    expect(two[0]!.alphaIfDeleted.reason).toBe('na weglaten blijft één item over');
    expect(two[0]!.itemRestCorrelation.reason).toBe('de overige items hebben samen geen spreiding');
    expect(two[1]!.itemRestCorrelation.reason).toBe('het item heeft geen spreiding');
    const constant = itemTotalStatistics(covarianceOf([[1, 2, 3], [2, 3, 3], [4, 4, 3]]));
    expect(constant[2]!.itemRestCorrelation.reason).toBe('het item heeft geen spreiding');
    // without the constant item the standardized alpha is defined again
    expect(constant[2]!.standardizedAlphaIfDeleted.value).not.toBeNull();
    expect(constant[0]!.standardizedAlphaIfDeleted.reason).toMatch(/geen spreiding/);
  });
});
