import { describe, expect, it } from 'vitest';
import { neutralise, startsFormula } from '../../../server/domain/exports/neutralise.js';

describe('neutralise', () => {
  it('prefixes text that a spreadsheet would run as a formula with an apostrophe', () => {
    expect(['=1+1', '+31 6', '-2', '@SUM(A1)', '\t=1', '\r=1'].map(neutralise)).toEqual([
      "'=1+1",
      "'+31 6",
      "'-2",
      "'@SUM(A1)",
      "'\t=1",
      "'\r=1",
    ]);
  });

  it('leaves other text alone, including formula characters later in the text', () => {
    expect(['', 'a=b', ' =1', "'=1", 'Één', '1-2'].map(neutralise)).toEqual(['', 'a=b', ' =1', "'=1", 'Één', '1-2']);
    expect(startsFormula('a=b')).toBe(false);
  });
});
