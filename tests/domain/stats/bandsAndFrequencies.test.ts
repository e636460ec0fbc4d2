import { describe, expect, it } from 'vitest';
import { bandIndex, SHARE_BAND_LABELS, shareBandIndex } from '../../../server/domain/stats/bands.js';
import { frequencyColumn } from '../../../server/domain/stats/frequencies.js';
import { feldtInterval } from '../../../server/domain/stats/feldt.js';
import { pearson } from '../../../server/domain/stats/correlation.js';

describe('bands', () => {
  it('puts a value in the first band that contains it (inclusive bounds)', () => {
    const bands = [
      { label: '<3', max: 3 },
      { label: '4-6', min: 4, max: 6 },
      { label: '>16', min: 16 },
    ];
    expect([0, 3, 4, 6, 7, 16, 22].map((v) => bandIndex(v, bands))).toEqual([0, 0, 1, 1, -1, 2, 2]);
  });

  it('uses the share bands of breedtescan Tabel 22', () => {
    expect(SHARE_BAND_LABELS).toEqual(['0 %', '1-10 %', '11-25 %', '26-50 %', '51-75 %', '76-100 %']);
    expect([0, 0.5, 1, 10, 10.5, 11, 25, 26, 50, 51, 75, 76, 100].map(shareBandIndex)).toEqual([0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect([-1, 101, NaN].map(shareBandIndex)).toEqual([-1, -1, -1]);
  });
});

describe('frequencyColumn', () => {
  it('gives percent and valid percent columns that each total 100', () => {
    // Tabel 21 style: three answers, "weet niet" and non-response rows
    const counts = [10, 9, 7, 3, 2];
    const valid = [true, true, true, false, false];
    const col = frequencyColumn(counts, valid);
    expect(col.total).toBe(31);
    expect(col.validTotal).toBe(26);
    expect(col.percent.reduce((a, b) => a! + b!, 0)).toBe(100);
    expect(col.validPercent.slice(0, 3).reduce((a, b) => a! + b!, 0)).toBe(100);
    expect(col.validPercent.slice(3)).toEqual([null, null]);
    expect(col.percent).toEqual([32, 29, 23, 10, 6]);
    expect(col.validPercent.slice(0, 3)).toEqual([38, 35, 27]);
  });

  it('has no percentages without a base', () => {
    const col = frequencyColumn([0, 0, 2], [true, true, false]);
    expect(col.percent).toEqual([0, 0, 100]);
    expect(col.validPercent).toEqual([null, null, null]);
  });
});

describe('feldtInterval', () => {
  /*
   * > 1 - (1 - 0.8) * qf(c(0.975, 0.025), 75, 75 * 5)   # alpha 0.8, n = 76, k = 6
   * [1] 0.721304747181236 0.862358104018067
   */
  it('matches R qf to 1e-9 (jStat quantile)', () => {
    const ci = feldtInterval(0.8, 76, 6);
    expect(ci.reason).toBeNull();
    expect(Math.abs(ci.value![0] - 0.721304747181236)).toBeLessThan(1e-9);
    expect(Math.abs(ci.value![1] - 0.862358104018067)).toBeLessThan(1e-9);
  });

  it('is not computable without alpha, with n < 2 or k < 2', () => {
    expect(feldtInterval(null, 10, 3).value).toBeNull();
    expect(feldtInterval(0.8, 1, 3).reason).toMatch(/n = 1/);
    expect(feldtInterval(0.8, 10, 1).value).toBeNull();
  });
});

describe('pearson', () => {
  it('is not computable for a constant variable', () => {
    expect(pearson([1, 2, 3], [2, 2, 2]).value).toBeNull();
    expect(pearson([1, 2, 3], [2, 4, 6]).value).toBe(1);
  });
});
