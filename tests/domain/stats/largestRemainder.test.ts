import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestRemainder, roundedPercent } from '../../../server/domain/stats/largestRemainder.js';

describe('largestRemainder', () => {
  it('keeps breedtescan Tabel 9 as published (2, 12, 17 of 31 → 6, 39, 55)', () => {
    // 2/31 = 6.45, 12/31 = 38.71, 17/31 = 54.84: floors 6 + 38 + 54 = 98; the two largest remainders (.84, .71) get a unit
    expect(largestRemainder([2, 12, 17])).toEqual([6, 39, 55]);
  });

  it('makes three equal thirds total 100 (33.33… each: one gets the extra unit)', () => {
    expect(largestRemainder([1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder([1, 1, 1], 1)).toEqual([33.4, 33.3, 33.3]);
  });

  it('gives the extra unit to the largest remainder, not the largest count', () => {
    // 7/9 = 77.78, 1/9 = 11.11, 1/9 = 11.11 → floors 77, 11, 11 (99); remainder .78 wins
    expect(largestRemainder([7, 1, 1])).toEqual([78, 11, 11]);
  });

  it('where naive rounding would give 101 or 99', () => {
    // naive: 1/6 → 17 ×3 = 51, 3/6 → 50: 101
    expect(largestRemainder([1, 1, 1, 3])).toEqual([17, 17, 16, 50]);
    expect([1, 1, 1, 3].map((c) => Math.round((c / 6) * 100)).reduce((a, b) => a + b)).toBe(101);
  });

  it('has no base when every count is 0', () => {
    expect(largestRemainder([0, 0])).toBeNull();
    expect(largestRemainder([])).toBeNull();
  });

  it('rejects non-integer counts', () => {
    expect(() => largestRemainder([1.5, 2])).toThrow(RangeError);
  });

  it('always sums to exactly 100, never moves a value by a unit or more, keeps zeros at zero (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(10_000), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 2 }), (counts, d) => {
        const p = largestRemainder(counts, d);
        const n = counts.reduce((a, b) => a + b, 0);
        if (n === 0) return p === null;
        const scale = 10 ** d;
        const units = p!.map((x) => Math.round(x * scale));
        if (units.reduce((a, b) => a + b, 0) !== 100 * scale) return false;
        return counts.every((c, i) => {
          const exact = (c * 100 * scale) / n;
          return Math.abs(units[i]! - exact) < 1 && (c > 0 || units[i] === 0);
        });
      }),
    );
  });
});

describe('roundedPercent', () => {
  it('rounds a single share', () => {
    expect(roundedPercent(29, 31)).toBe(94);
    expect(roundedPercent(1, 3, 1)).toBe(33.3);
    expect(roundedPercent(1, 0)).toBeNull();
  });
});
