/**
 * Welch's interval and its Welch–Satterthwaite generalisation (server/domain/stats/contrastInterval.ts)
 * against R 4.2.2:
 *
 * > options(digits = 17)
 * > x <- c(3.2, 2.8, 3.5, 3.9, 2.1, 3.0, 3.3, 2.7)
 * > y <- c(2.5, 2.9, 3.1, 2.2, 2.8, 2.6, 3.4, 2.0, 2.7, 3.0, 2.4)
 * > tt <- t.test(x, y); tt$conf.int; tt$parameter
 * [1] -0.12660137356381532  0.86978319174563345
 *                 df
 * 12.393526229172814
 * > c(mean(x), sd(x), mean(y), sd(y))
 * [1] 3.06250000000000000 0.54755952057418245 2.69090909090909092 0.40854509042343279
 */
import { describe, expect, it } from 'vitest';
import { contrastInterval, welchInterval } from '../../../server/domain/stats/contrastInterval.js';
import { RunningMoments } from '../../../server/domain/stats/descriptives.js';
import { meanInterval } from '../../../server/domain/stats/meanInterval.js';

const x = [3.2, 2.8, 3.5, 3.9, 2.1, 3.0, 3.3, 2.7];
const y = [2.5, 2.9, 3.1, 2.2, 2.8, 2.6, 3.4, 2.0, 2.7, 3.0, 2.4];
function group(values: number[]) {
  const m = new RunningMoments();
  for (const v of values) m.push(v);
  return { mean: m.mean().value, sd: m.sd().value, n: m.n };
}

describe('welchInterval', () => {
  it('is t.test(x, y)’s interval and df to 1e-12', () => {
    const w = welchInterval(group(x), group(y));
    expect(w.estimate).toBeCloseTo(0.37159090909090908, 14);
    expect(Math.abs(w.df! - 12.393526229172814)).toBeLessThan(1e-10);
    expect(Math.abs(w.interval.value![0] - -0.12660137356381532)).toBeLessThan(1e-12);
    expect(Math.abs(w.interval.value![1] - 0.86978319174563345)).toBeLessThan(1e-12);
  });

  it('is not computable with a group of one or a missing mean, and says why', () => {
    expect(welchInterval({ mean: 3, sd: null, n: 1 }, group(y)).interval.reason).toMatch(/n = 1/);
    expect(welchInterval({ mean: null, sd: null, n: 0 }, group(y)).estimate).toBeNull();
  });
});

describe('contrastInterval', () => {
  it('with one group is the t interval of its mean (meanInterval)', () => {
    const g = group(x);
    const c = contrastInterval([{ weight: 1, ...g }]);
    const m = meanInterval(g.mean, g.sd, g.n);
    expect(c.interval.value![0]).toBeCloseTo(m.value![0], 12);
    expect(c.interval.value![1]).toBeCloseTo(m.value![1], 12);
  });

  it('scales with its weights: a house against the pooled mean is (n_other/N) × Welch of house against the others', () => {
    const a = group(x);
    const b = group(y);
    const total = a.n + b.n;
    // d = m_a − (n_a m_a + n_b m_b)/N = (n_b/N)(m_a − m_b)
    const pooled = contrastInterval([
      { ...a, weight: 1 - a.n / total },
      { ...b, weight: -b.n / total },
    ]);
    const welch = welchInterval(a, b);
    const f = b.n / total;
    expect(pooled.estimate).toBeCloseTo(f * welch.estimate!, 14);
    expect(pooled.df).toBeCloseTo(welch.df!, 10);
    expect(pooled.interval.value![0]).toBeCloseTo(f * welch.interval.value![0], 12);
    expect(pooled.interval.value![1]).toBeCloseTo(f * welch.interval.value![1], 12);
  });

  it('refuses a level outside (0, 1)', () => {
    expect(() => contrastInterval([{ weight: 1, ...group(x) }], 95)).toThrow(RangeError);
  });
});
