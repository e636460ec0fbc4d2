import { describe, expect, it } from 'vitest';
import { comparisonOp, comparisons, numericRepresentatives } from '../../../server/domain/questionnaire/reachability.js';

describe('numericRepresentatives', () => {
  it('gives each constant, a value between neighbours and one beyond each end', () => {
    expect(numericRepresentatives([10, 20], undefined, undefined, false)).toEqual([10, 20, 15, 9, 21]);
  });

  it('stays inside the answer range and includes its bounds', () => {
    expect(numericRepresentatives([50, 150], 0, 100, false)).toEqual([0, 50, 100, 25, 75]);
  });

  it('uses whole numbers only for integer questions, and none where no whole number fits', () => {
    // between 10 and 11 no whole number fits; 10.5 is no answer at all
    expect(numericRepresentatives([10, 10.5, 11], undefined, undefined, true)).toEqual([10, 11, 9, 12]);
    expect(numericRepresentatives([2.5], 0, 5, true)).toEqual([0, 5, 1, 3]);
  });

  it('gives one value when nothing distinguishes answers', () => {
    expect(numericRepresentatives([], undefined, undefined, true)).toEqual([0]);
    expect(numericRepresentatives([], 5, undefined, false)).toEqual([5, 6]);
  });
});

describe('comparison helpers', () => {
  it('names the operator of a comparison and flattens nested conditions', () => {
    expect(comparisonOp({ q: 'Q1', lte: 3 })).toBe('lte');
    expect(comparisonOp({ q: 'Q1', answered: false })).toBe('answered');
    expect(comparisons({ all: [{ q: 'Q1', equals: 1 }, { not: { any: [{ q: 'Q2', gt: 1 }, { q: 'Q3', includes: 2 }] } }] }).map((c) => c.q)).toEqual(['Q1', 'Q2', 'Q3']);
  });
});
