/**
 * The reliability table of an aspect (server/domain/stats/reliability.ts: alpha, its Feldt interval,
 * and per item n, mean, SD, alpha-if-deleted and item-rest correlation, with the warnings a
 * methodologist expects) against the whole of R psych::alpha's output (tests/fixtures/analysis/reference.R,
 * sections A to C). The single formulas have their own tests: cronbachAlpha, itemTotal, feldt.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CovarianceAccumulator } from '../../../server/domain/stats/covariance.js';
import { reliability } from '../../../server/domain/stats/reliability.js';
import { close, expectAllFinite } from '../../helpers/analysis.js';


function accumulate(rows: number[][], k: number): CovarianceAccumulator {
  const acc = new CovarianceAccumulator(k);
  // listwise: a row with a missing value (NaN) does not enter the scale
  for (const row of rows) if (row.every((x) => !Number.isNaN(x))) acc.push(row);
  return acc;
}


/** pingouin's cronbach_alpha example data, long (Subj, Items, Scores) to 15 × 10 wide. */
function pingouinWide(): { codes: string[]; rows: number[][] } {
  const lines = readFileSync(new URL('../../fixtures/analysis/pingouin-cronbach_alpha.csv', import.meta.url), 'utf8').trim().split('\n').slice(1);
  const codes: string[] = [];
  const bySubject = new Map<number, Map<string, number>>();
  for (const line of lines) {
    const [subj, item, score] = line.split(',');
    if (!codes.includes(item!)) codes.push(item!);
    const s = bySubject.get(Number(subj)) ?? new Map<string, number>();
    s.set(item!, Number(score));
    bySubject.set(Number(subj), s);
  }
  const rows = [...bySubject.keys()].sort((a, b) => a - b).map((s) => codes.map((c) => bySubject.get(s)!.get(c)!));
  return { codes, rows };
}

describe('reliability against R psych::alpha (R 4.2.2, psych 2.2.9; tests/fixtures/analysis/reference.R)', () => {
  /*
   * > alpha(wide, check.keys = FALSE)    # A pingouin 15 x 10
   *          raw_alpha         std.alpha         average_r
   *  0.591718848599583 0.634349801541794 0.147837733196288
   * feldt lower, upper: 0.194921390663122 0.839820814627543
   *            alpha.drop          std.drop              r.drop             mean               sd
   * Q1  0.468690324633991 0.535455553881915  0.5747667919844912 4.26666666666667 1.70991506333196
   * Q2  0.507280557834290 0.541440924841727  0.5678028417673683 3.60000000000000 1.12122382116278
   * Q3  0.518349852665416 0.560140996505103  0.5213910754208803 4.73333333333333 1.09978352848359
   * Q4  0.531829170024174 0.576856244172429  0.4176058241286149 3.40000000000000 1.29835060200020
   * Q5  0.668489065606362 0.693579492820273 -0.1075830824925742 3.80000000000000 1.69873902813654
   * Q6  0.671141479099679 0.694753642175486 -0.1572365196566517 3.20000000000000 1.56752762563945
   * Q7  0.568506332257264 0.617664832612387  0.2610077350423378 2.46666666666667 1.18723367940933
   * Q8  0.610119047619048 0.652086343686266  0.0921732028231857 3.40000000000000 1.50237906572970
   * Q9  0.519425675675676 0.577743974640857  0.4433727459958403 4.80000000000000 1.47357679522601
   * Q10 0.522590782122905 0.582155440654591  0.4336883559648060 3.53333333333333 1.45732958654160
   */
  it('reproduces the pingouin 15 × 10 example', () => {
    const { codes, rows } = pingouinWide();
    expect(codes).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'Q9', 'Q10']);
    const r = reliability(accumulate(rows, 10), codes);
    expect(r.k).toBe(10);
    expect(r.n).toBe(15);
    close(r.alpha, 0.591718848599583);
    close(r.standardizedAlpha, 0.634349801541794);
    close(r.averageInterItemCorrelation, 0.147837733196288);
    close(r.ci95?.[0], 0.194921390663122);
    close(r.ci95?.[1], 0.839820814627543);
    const expected: Array<[number, number, number, number, number]> = [
      [0.468690324633991, 0.535455553881915, 0.5747667919844912, 4.26666666666667, 1.70991506333196],
      [0.50728055783429, 0.541440924841727, 0.5678028417673683, 3.6, 1.12122382116278],
      [0.518349852665416, 0.560140996505103, 0.5213910754208803, 4.73333333333333, 1.09978352848359],
      [0.531829170024174, 0.576856244172429, 0.4176058241286149, 3.4, 1.2983506020002],
      [0.668489065606362, 0.693579492820273, -0.1075830824925742, 3.8, 1.69873902813654],
      [0.671141479099679, 0.694753642175486, -0.1572365196566517, 3.2, 1.56752762563945],
      [0.568506332257264, 0.617664832612387, 0.2610077350423378, 2.46666666666667, 1.18723367940933],
      [0.610119047619048, 0.652086343686266, 0.0921732028231857, 3.4, 1.5023790657297],
      [0.519425675675676, 0.577743974640857, 0.4433727459958403, 4.8, 1.47357679522601],
      [0.522590782122905, 0.582155440654591, 0.433688355964806, 3.53333333333333, 1.4573295865416],
    ];
    r.items.forEach((item, i) => {
      const [drop, stdDrop, rDrop, m, sd] = expected[i]!;
      expect(item.code).toBe(codes[i]);
      expect(item.n).toBe(15);
      close(item.alphaIfDeleted, drop);
      close(item.standardizedAlphaIfDeleted, stdDrop);
      close(item.itemRestCorrelation, rDrop);
      close(item.mean, m);
      close(item.sd, sd);
    });
    // published rounding: raw alpha 0.5917, Feldt 0.19 to 0.84
    expect(r.alpha!.toFixed(4)).toBe('0.5917');
    expect(r.ci95!.map((x) => x.toFixed(2))).toEqual(['0.19', '0.84']);
    // Q5 and Q6 correlate negatively with the rest (psych warns the same); alpha is below 0.70
    expect(r.warnings.filter((w) => w.code === 'negative-item-rest').map((w) => w.item)).toEqual(['Q5', 'Q6']);
    expect(r.warnings.some((w) => w.code === 'alpha-below-threshold')).toBe(true);
    expect(r.warnings.some((w) => w.code === 'n-not-above-k')).toBe(false);
  });

  /*
   * B <- data.frame(b1 = c(4,3,3,2,NA,4,1,2,3,4,2,3), b2 = c(4,2,3,2,3,3,1,NA,3,4,1,2),
   *                 b3 = c(3,3,4,1,2,4,2,2,NA,4,2,3), b4 = c(4,3,2,2,3,3,1,1,3,NA,1,4))
   * > alpha(na.omit(B), check.keys = FALSE)      # listwise: 8 of 12 rows
   *          raw_alpha         std.alpha         average_r
   *  0.897822445561139 0.900642988119548 0.693831819207455
   * feldt lower, upper: 0.696672612335591 0.977049285531353
   *           alpha.drop          std.drop            r.drop mean               sd
   * b1 0.805555555555556 0.808692159703136 0.944117590499911 2.75 1.03509833901353
   * b2 0.853448275862069 0.857785791649583 0.815087612525153 2.25 1.03509833901353
   * b3 0.914062500000000 0.918270550044268 0.639009650422694 2.75 1.03509833901353
   * b4 0.891891891891892 0.891891891891892 0.721609811962615 2.50 1.19522860933439
   */
  it('uses listwise deletion on missing data', () => {
    const N = NaN;
    const b = [
      [4, 3, 3, 2, N, 4, 1, 2, 3, 4, 2, 3],
      [4, 2, 3, 2, 3, 3, 1, N, 3, 4, 1, 2],
      [3, 3, 4, 1, 2, 4, 2, 2, N, 4, 2, 3],
      [4, 3, 2, 2, 3, 3, 1, 1, 3, N, 1, 4],
    ];
    const rows = b[0]!.map((_, t) => b.map((col) => col[t]!));
    const r = reliability(accumulate(rows, 4), ['b1', 'b2', 'b3', 'b4']);
    expect(r.n).toBe(8);
    close(r.alpha, 0.897822445561139);
    close(r.standardizedAlpha, 0.900642988119548);
    close(r.averageInterItemCorrelation, 0.693831819207455);
    close(r.ci95?.[0], 0.696672612335591);
    close(r.ci95?.[1], 0.977049285531353);
    const expected = [
      [0.805555555555556, 0.808692159703136, 0.944117590499911, 2.75, 1.03509833901353],
      [0.853448275862069, 0.857785791649583, 0.815087612525153, 2.25, 1.03509833901353],
      [0.9140625, 0.918270550044268, 0.639009650422694, 2.75, 1.03509833901353],
      [0.891891891891892, 0.891891891891892, 0.721609811962615, 2.5, 1.19522860933439],
    ];
    r.items.forEach((item, i) => {
      const [drop, stdDrop, rDrop, m, sd] = expected[i]!;
      close(item.alphaIfDeleted, drop!);
      close(item.standardizedAlphaIfDeleted, stdDrop!);
      close(item.itemRestCorrelation, rDrop!);
      close(item.mean, m!);
      close(item.sd, sd!);
    });
    expect(r.warnings).toEqual([]);
  });

  /*
   * C <- data.frame(c1 = c(1,2,3,4,4,3,2,1,3,4), c2 = c(2,2,3,4,3,3,1,1,4,4),
   *                 c3 = c(4,3,2,1,2,2,4,4,1,1), c4 = c(1,3,3,4,4,2,2,2,3,3))
   * > alpha(C, keys = c("c3"), check.keys = FALSE)   # psych flips c3 as (1 + 4) - c3
   *          raw_alpha         std.alpha         average_r
   *  0.944409743910056 0.944317928108953 0.809152127333946
   * feldt lower, upper: 0.853750064131711 0.984491282972469
   *            alpha.drop          std.drop            r.drop mean                sd
   * c1  0.910227272727273 0.909151193633952 0.919363448813512  2.7 1.159501808728406
   * c2  0.923333333333333 0.928112965340180 0.878787878787879  2.7 1.159501808728406
   * c3- 0.901112484548826 0.903033256182239 0.949269447811750  2.6 1.264911064067352
   * c4  0.963888888888889 0.964074803149606 0.743820757105781  2.7 0.948683298050514
   */
  it('matches psych with a reverse-keyed item recoded as min + max − value', () => {
    const c = [
      [1, 2, 3, 4, 4, 3, 2, 1, 3, 4],
      [2, 2, 3, 4, 3, 3, 1, 1, 4, 4],
      [4, 3, 2, 1, 2, 2, 4, 4, 1, 1].map((x) => 1 + 4 - x),
      [1, 3, 3, 4, 4, 2, 2, 2, 3, 3],
    ];
    const rows = c[0]!.map((_, t) => c.map((col) => col[t]!));
    const r = reliability(accumulate(rows, 4), ['c1', 'c2', 'c3', 'c4']);
    close(r.alpha, 0.944409743910056);
    close(r.standardizedAlpha, 0.944317928108953);
    close(r.averageInterItemCorrelation, 0.809152127333946);
    close(r.ci95?.[0], 0.853750064131711);
    close(r.ci95?.[1], 0.984491282972469);
    close(r.items[2]!.alphaIfDeleted, 0.901112484548826);
    close(r.items[2]!.standardizedAlphaIfDeleted, 0.903033256182239);
    close(r.items[2]!.itemRestCorrelation, 0.94926944781175);
    close(r.items[2]!.mean, 2.6);
    close(r.items[3]!.alphaIfDeleted, 0.963888888888889);
    close(r.items[3]!.itemRestCorrelation, 0.743820757105781);
  });
});

describe('reliability by hand', () => {
  /*
   * x1 = 1 2 3 4, x2 = 2 1 4 3, x3 = 1 1 4 4  (n = 4)
   * variances 5/3, 5/3, 3; covariances c12 = 1, c13 = 2, c23 = 2
   * ΣC = 19/3 + 2·5 = 49/3, trace = 19/3  ⇒  α = 3/2 · (1 − 19/49) = 45/49
   * item 1: row sum 14/3; cov(x1, rest) = 14/3 − 5/3 = 3; var(rest) = 49/3 − 28/3 + 5/3 = 26/3
   *         r.drop = 3 / √(5/3 · 26/3) = 9/√130;  alpha without x1: trace 14/3, sum 26/3 ⇒ 2·(1 − 14/26) = 12/13
   * correlations r12 = 0.6, r13 = r23 = 2/√5  ⇒  r̄ = (0.6 + 4/√5)/3, α_std = 3r̄/(1 + 2r̄)
   */
  it('computes alpha, item-rest, alpha-if-deleted and standardized alpha', () => {
    const rows = [
      [1, 2, 1],
      [2, 1, 1],
      [3, 4, 4],
      [4, 3, 4],
    ];
    const r = reliability(accumulate(rows, 3), ['x1', 'x2', 'x3']);
    close(r.alpha, 45 / 49, 1e-12);
    close(r.items[0]!.itemRestCorrelation, 9 / Math.sqrt(130), 1e-12);
    close(r.items[0]!.alphaIfDeleted, 12 / 13, 1e-12);
    const rbar = (0.6 + 4 / Math.sqrt(5)) / 3;
    close(r.averageInterItemCorrelation, rbar, 1e-12);
    close(r.standardizedAlpha, (3 * rbar) / (1 + 2 * rbar), 1e-12);
    // n = 4 > k = 3: no n ≤ k warning; α = 0.918 ≥ 0.70
    expect(r.warnings).toEqual([]);
  });
});

describe('reliability edge cases: not computable, never NaN', () => {
  it('an item with zero variance: raw alpha computed, standardized alpha not, with the reason', () => {
    const rows = [
      [1, 2, 3],
      [2, 3, 3],
      [3, 3, 3],
      [4, 4, 3],
    ];
    const r = reliability(accumulate(rows, 3), ['a', 'b', 'c']);
    expect(r.alpha).not.toBeNull();
    expect(r.standardizedAlpha).toBeNull();
    expect(r.averageInterItemCorrelation).toBeNull();
    expect(r.items[2]!.itemRestCorrelation).toBeNull();
    expect(r.warnings.find((w) => w.code === 'zero-variance')?.item).toBe('c');
    expect(r.warnings.some((w) => w.code === 'not-computable' && /Gestandaardiseerde alfa/.test(w.message))).toBe(true);
    // without the constant item the standardized alpha is defined again
    expect(r.items[2]!.standardizedAlphaIfDeleted).not.toBeNull();
    expectAllFinite(r);
  });

  it('all answers equal: alpha not computable, with the reason', () => {
    const rows = [
      [2, 2],
      [2, 2],
      [2, 2],
    ];
    const r = reliability(accumulate(rows, 2), ['a', 'b']);
    expect(r.alpha).toBeNull();
    expect(r.ci95).toBeNull();
    expect(r.warnings.find((w) => w.code === 'not-computable')?.message).toMatch(/geen spreiding/);
    expectAllFinite(r);
  });

  it('two identical columns: alpha 1, nothing left to compute after deleting one', () => {
    // psych reports C12/C22 as "alpha.drop" of a two-item scale; one item has no alpha, so we say so
    const rows = [
      [1, 1],
      [2, 2],
      [4, 4],
    ];
    const r = reliability(accumulate(rows, 2), ['a', 'b']);
    close(r.alpha, 1, 1e-12);
    close(r.standardizedAlpha, 1, 1e-12);
    expect(r.ci95).toEqual([1, 1]);
    expect(r.items[0]!.alphaIfDeleted).toBeNull();
    expect(r.items[0]!.itemRestCorrelation).toBe(1);
    expectAllFinite(r);
  });

  it('n ≤ k is warned about', () => {
    const rows = [
      [1, 2, 2],
      [3, 3, 4],
      [2, 2, 2],
    ];
    const r = reliability(accumulate(rows, 3), ['a', 'b', 'c']);
    expect(r.n).toBe(3);
    expect(r.warnings.some((w) => w.code === 'n-not-above-k')).toBe(true);
  });

  it('fewer than two complete responses: nothing computable, with the reason', () => {
    const r = reliability(accumulate([[1, 2, 3], [NaN, 2, 3]], 3), ['a', 'b', 'c']);
    expect(r.n).toBe(1);
    expect(r.alpha).toBeNull();
    expect(r.items.every((i) => i.sd === null && i.alphaIfDeleted === null)).toBe(true);
    expect(r.warnings[0]!.message).toMatch(/te weinig respondenten/);
    const none = reliability(accumulate([], 3), ['a', 'b', 'c']);
    expect(none.items[0]!.mean).toBeNull();
    expectAllFinite(none);
  });

  it('a one-item scale has no alpha', () => {
    const r = reliability(accumulate([[1], [2], [3]], 1), ['a']);
    expect(r.alpha).toBeNull();
    expect(r.warnings[0]!.message).toMatch(/één item/);
  });
});
