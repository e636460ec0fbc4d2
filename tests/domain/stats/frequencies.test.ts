/**
 * Percent and valid percent columns of a frequency table (server/domain/stats/frequencies.ts),
 * worked out by hand: each column is rounded by the largest remainder method so it totals 100.
 */
import { describe, expect, it } from 'vitest';
import { frequencyColumn } from '../../../server/domain/stats/frequencies.js';

describe('frequencyColumn', () => {
  /*
   * Tabel 21 style: three answers, then "weet niet" and non-response (not valid). By hand:
   * percent of 31:       10 → 32.26, 9 → 29.03, 7 → 22.58, 3 → 9.68, 2 → 6.45; floors 32 + 29 + 22 + 9 + 6 = 98,
   *                      the two largest remainders (.68, .58) get a unit: 32, 29, 23, 10, 6
   * valid percent of 26: 10 → 38.46, 9 → 34.62, 7 → 26.92; floors 38 + 34 + 26 = 98,
   *                      the two largest remainders (.92, .62) get a unit: 38, 35, 27
   */
  it('gives percent and valid percent columns that each total 100', () => {
    const col = frequencyColumn([10, 9, 7, 3, 2], [true, true, true, false, false]);
    expect(col.total).toBe(31);
    expect(col.validTotal).toBe(26);
    expect(col.percent).toEqual([32, 29, 23, 10, 6]);
    expect(col.validPercent).toEqual([38, 35, 27, null, null]);
  });

  /* By hand, one decimal: 2 of 3 → 666.67 tenths, 1 of 3 → 333.33; floors 666 + 333 = 999, the unit goes to .67 */
  it('rounds to the decimals asked for, still totalling 100', () => {
    expect(frequencyColumn([2, 1], [true, true], 1).percent).toEqual([66.7, 33.3]);
  });

  it('has no percentages without a base', () => {
    const col = frequencyColumn([0, 0, 2], [true, true, false]);
    expect(col.percent).toEqual([0, 0, 100]);
    expect(col.validPercent).toEqual([null, null, null]);
    expect(frequencyColumn([0, 0], [true, false]).percent).toEqual([null, null]);
  });

  it('refuses counts and valid flags of different lengths', () => {
    expect(() => frequencyColumn([1, 2], [true])).toThrow(/differ in length/);
  });
});
