/**
 * The t interval of a mean (server/domain/stats/meanInterval.ts) against R's t.test() (R 4.2.2;
 * section G of tests/fixtures/analysis/reference.R). jStat's t quantile is good to about 2e-8
 * relative, so the bounds agree to 1e-6 at these scales.
 */
import { describe, expect, it } from 'vitest';
import { RunningMoments } from '../../../server/domain/stats/descriptives.js';
import { meanInterval } from '../../../server/domain/stats/meanInterval.js';
import { attitude, close } from '../../helpers/analysis.js';

const column = (name: string) => {
  const { names, rows } = attitude();
  const i = names.indexOf(name);
  return rows.map((r) => r[i]!);
};

function intervalOf(values: number[], level?: number) {
  const m = new RunningMoments();
  for (const v of values) m.push(v);
  return meanInterval(m.mean().value, m.sd().value, m.n, level);
}

describe('meanInterval', () => {
  /*
   * > print(t.test(attitude$rating)$conf.int, digits = 15)
   * [1] 60.0880240020366 69.1786426646300
   * > print(t.test(attitude$complaints, conf.level = 0.9)$conf.int, digits = 15)
   * [1] 62.4695395219292 70.7304604780708
   * > print(t.test(c(2, 4))$conf.int, digits = 15)
   * [1] -9.70620473617469 15.70620473617469
   */
  it.each([
    ['rating', 0.95, 60.0880240020366, 69.17864266463],
    ['complaints', 0.9, 62.4695395219292, 70.7304604780708],
  ])('gives t.test’s interval for attitude$%s at level %f', (name, level, lower, upper) => {
    const ci = intervalOf(column(name), level);
    expect(ci.reason).toBeNull();
    close(ci.value?.[0], lower, 1e-6);
    close(ci.value?.[1], upper, 1e-6);
  });

  it('gives t.test’s interval for two observations (df = 1: t = 12.706)', () => {
    const ci = intervalOf([2, 4]);
    close(ci.value?.[0], -9.70620473617469, 1e-6);
    close(ci.value?.[1], 15.70620473617469, 1e-6);
  });

  it('is symmetric around the mean and narrows with n', () => {
    const small = meanInterval(3, 0.5, 10).value!;
    const large = meanInterval(3, 0.5, 1000).value!;
    close(small[0] + small[1], 6, 1e-12);
    expect(large[1] - large[0]).toBeLessThan(small[1] - small[0]);
  });

  it('is not computable without a mean or SD or with n < 2, and refuses a level outside (0, 1)', () => {
    expect(meanInterval(null, null, 0).reason).toBe('gemiddelde of standaardafwijking is niet te berekenen');
    expect(meanInterval(3, null, 1).value).toBeNull();
    expect(meanInterval(3, 0.4, 1).reason).toMatch(/n = 1/);
    expect(() => meanInterval(3, 0.4, 10, 1.5)).toThrow(RangeError);
  });
});
