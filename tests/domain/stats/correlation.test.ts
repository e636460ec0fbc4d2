/**
 * Pearson correlations (server/domain/stats/correlation.ts) against R's cor() (R 4.2.2; section E of
 * tests/fixtures/analysis/reference.R).
 */
import { describe, expect, it } from 'vitest';
import { at } from '../../../server/domain/stats/covariance.js';
import { clampCorrelation, correlationMatrix, pearson } from '../../../server/domain/stats/correlation.js';
import { attitude, close, covarianceOf } from '../../helpers/analysis.js';

/*
 * > print(cor(attitude), digits = 15)      # (upper triangle)
 *            rating complaints        privileges          learning            raises          critical           advance
 * rating          1 0.825417569542146 0.426116870100264 0.623678164500211 0.590138994877686 0.156439151607238 0.155086252601194
 * complaints                        1 0.558288200727029 0.596735806267436 0.669197480598074 0.187714271224677 0.224579552888947
 * privileges                                          1 0.493330965641802 0.445477938072245 0.147233135976634 0.343293433839615
 * learning                                                              1 0.640314372822134 0.115965246489753 0.531619788141277
 * raises                                                                                  1 0.376882965169379 0.574186160521001
 * critical                                                                                                  1 0.283343174035317
 */
const R_COR = [
  [0.825417569542146, 0.426116870100264, 0.623678164500211, 0.590138994877686, 0.156439151607238, 0.155086252601194],
  [0.558288200727029, 0.596735806267436, 0.669197480598074, 0.187714271224677, 0.224579552888947],
  [0.493330965641802, 0.445477938072245, 0.147233135976634, 0.343293433839615],
  [0.640314372822134, 0.115965246489753, 0.531619788141277],
  [0.376882965169379, 0.574186160521001],
  [0.283343174035317],
];

describe('correlationMatrix', () => {
  it('reproduces R cor() on R’s attitude data', () => {
    const { matrix, zeroVariance } = correlationMatrix(covarianceOf(attitude().rows));
    expect(zeroVariance).toEqual([]);
    for (let i = 0; i < 7; i++) {
      expect(at(matrix!, i, i)).toBe(1);
      for (let j = i + 1; j < 7; j++) close(at(matrix!, i, j), R_COR[i]![j - i - 1]!, 1e-12);
    }
  });

  it('has no matrix when a variable has no variance, and names it', () => {
    const { matrix, zeroVariance } = correlationMatrix(covarianceOf([[1, 5, 2], [2, 5, 3], [3, 5, 1]]));
    expect(matrix).toBeNull();
    expect(zeroVariance).toEqual([1]);
  });
});

describe('pearson', () => {
  /*
   * > cor(attitude$rating, attitude$complaints); cor(attitude$rating, attitude$critical)
   * [1] 0.825417569542146
   * [1] 0.156439151607238
   */
  it('reproduces R cor(x, y)', () => {
    const { rows } = attitude();
    const column = (j: number) => rows.map((r) => r[j]!);
    close(pearson(column(0), column(1)).value, 0.825417569542146, 1e-12);
    close(pearson(column(0), column(5)).value, 0.156439151607238, 1e-12);
  });

  it('is 1 for a linear relation and not computable for a constant variable or one observation', () => {
    expect(pearson([1, 2, 3], [2, 4, 6]).value).toBe(1);
    expect(pearson([1, 2, 3], [3, 2, 1]).value).toBe(-1);
    expect(pearson([1, 2, 3], [2, 2, 2]).reason).toBe('een van beide variabelen heeft geen spreiding');
    expect(pearson([1], [2]).reason).toMatch(/n = 1/);
    expect(() => pearson([1, 2], [1])).toThrow(/differ in length/);
  });
});

describe('clampCorrelation', () => {
  it('keeps a correlation that rounding pushed past ±1 inside [−1, 1]', () => {
    expect([1 + 1e-15, -1 - 1e-15, 0.5].map(clampCorrelation)).toEqual([1, -1, 0.5]);
  });
});
