/**
 * The F and t quantiles (server/domain/stats/quantiles.ts) against R 4.2.2's qf() and qt():
 *
 * > options(digits = 17)
 * > qf(0.975, 75, 150); qf(0.025, 75, 150); qf(0.975, 1, 1); qf(0.025, 1, 1)
 * [1] 1.4642013711259265   0.66529410582937443   647.78901147784404   0.0015437125086741332
 * > qf(0.975, 19999, 39998); qf(0.025, 19999, 39998); qf(0.975, 9, 9); qf(0.025, 2, 2); qf(0.025, 4, 4)
 * [1] 1.0242463050484654   0.97623260511363608   4.0259941582829777   0.025641025641025772   0.1041175374539276
 * > qt(0.975, 75); qt(0.975, 2.5); qt(0.975, 1); qt(0.975, 1234.567)
 * [1] 1.9921021540022417   3.5746548420036919   12.706204736174694   1.961887378842337
 */
import { describe, expect, it } from 'vitest';
import { fQuantile, tQuantile } from '../../../server/domain/stats/quantiles.js';

const relative = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe('fQuantile', () => {
  it.each([
    [0.975, 75, 150, 1.4642013711259265],
    [0.025, 75, 150, 0.66529410582937443],
    [0.975, 1, 1, 647.78901147784404],
    [0.025, 1, 1, 0.0015437125086741332],
    [0.975, 19999, 39998, 1.0242463050484654],
    [0.025, 19999, 39998, 0.97623260511363608],
    [0.975, 9, 9, 4.0259941582829777],
    [0.025, 2, 2, 0.025641025641025772],
    [0.025, 4, 4, 0.1041175374539276],
  ])('qf(%f, %i, %i) to 1e-13 relative', (p, df1, df2, expected) => {
    expect(relative(fQuantile(p, df1, df2), expected)).toBeLessThan(1e-13);
  });

  it('is the exact 1/39 for qf(0.025, 2, 2) (F(2,2) has cdf x/(1+x))', () => {
    expect(fQuantile(0.025, 2, 2)).toBeCloseTo(1 / 39, 15);
  });

  it('is NaN outside its domain', () => {
    expect(fQuantile(1.5, 2, 2)).toBeNaN();
    expect(fQuantile(0.5, 0, 2)).toBeNaN();
  });
});

describe('tQuantile', () => {
  it.each([
    [0.975, 75, 1.9921021540022417],
    [0.975, 2.5, 3.5746548420036919],
    [0.975, 1, 12.706204736174694],
    [0.975, 1234.567, 1.961887378842337],
  ])('qt(%f, %f) to 1e-13 relative', (p, df, expected) => {
    expect(relative(tQuantile(p, df), expected)).toBeLessThan(1e-13);
  });
});
