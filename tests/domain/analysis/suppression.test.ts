import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { suppressCells } from '../../../server/domain/analysis/suppression.js';

describe('suppressCells', () => {
  it('suppresses nothing when every non-empty cell is big enough', () => {
    expect(suppressCells([10, 5, 0, 7], 5)).toEqual([null, null, null, null]);
  });

  it('suppresses a small cell and, since it is the only one, the smallest other cell', () => {
    expect(suppressCells([10, 2, 7, 6], 5)).toEqual([null, 'small', null, 'complementary']);
  });

  it('needs no complementary cell when two small cells together reach the minimum', () => {
    expect(suppressCells([10, 2, 3, 7], 5)).toEqual([null, 'small', 'small', null]);
  });

  it('adds cells while the suppressed ones together stay below the minimum', () => {
    // 1 + 2 = 3 < 5 → add the smallest remaining (6)
    expect(suppressCells([20, 1, 2, 6], 5)).toEqual([null, 'small', 'small', 'complementary']);
  });

  it('never counts an empty cell as protection', () => {
    expect(suppressCells([9, 3, 0], 5)).toEqual(['complementary', 'small', null]);
  });

  it('treats forced cells as suppressed', () => {
    expect(suppressCells([8, 9, 12], 5, [false, true, false])).toEqual(['complementary', 'small', null]);
  });

  it('never leaves one suppressed non-empty cell, or suppressed cells below the minimum, when it could add another (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(20), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 10 }), (ns, min) => {
        const out = suppressCells(ns, min);
        const sup = ns.filter((n, i) => out[i] !== null && n > 0);
        const free = ns.filter((n, i) => out[i] === null && n > 0);
        const small = ns.every((n, i) => !(n > 0 && n < min) || out[i] !== null);
        const safe = sup.length === 0 || (sup.length > 1 && sup.reduce((a, b) => a + b, 0) >= min) || free.length === 0;
        return small && safe;
      }),
    );
  });
});
