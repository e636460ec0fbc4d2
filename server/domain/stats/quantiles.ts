/**
 * Quantiles of the F and t distributions, as R's qf() and qt() give them.
 *
 * Both come from stdlib (@stdlib/stats-base-dists-*-quantile), whose inverse of the regularized
 * incomplete beta function is a port of Boost's ibeta_inv (Halley iteration from DiDonato & Morris'
 * TOMS 708 starting values). Against R 4.2 it agrees to about 1e-15 relative (tests/domain/stats/
 * quantiles.test.ts quotes R); jStat's continued fraction stops at 3e-7 per step, which left the Feldt
 * bounds up to 8.5e-9 off.
 *
 * Beware comparing with R at very large df: R 4.2's qf() is itself wrong there (qf(.975, 99999,
 * 1199988) returns 1.00878, whose pf() is 0.9701); stdlib gives 1.0091469550886933.
 */
import { createRequire } from 'node:module';

/**
 * The two stdlib functions, loaded on first use: with their dependencies they are some 270 small
 * CommonJS packages (a quarter of the files a server start used to open, 0.2-0.5 s of it), needed only
 * once a report is made. Required synchronously (they are CommonJS), so the functions stay sync.
 */
let std: { f: typeof import('@stdlib/stats-base-dists-f-quantile'); t: typeof import('@stdlib/stats-base-dists-t-quantile') } | undefined;
function stdlib(): NonNullable<typeof std> {
  if (!std) {
    const require = createRequire(import.meta.url);
    std = { f: require('@stdlib/stats-base-dists-f-quantile'), t: require('@stdlib/stats-base-dists-t-quantile') };
  }
  return std;
}

/** The p quantile of the F distribution with df1 and df2 degrees of freedom (R: qf(p, df1, df2)); NaN outside its domain. */
export function fQuantile(p: number, df1: number, df2: number): number {
  return stdlib().f(p, df1, df2);
}

/** The p quantile of Student's t distribution with df (not necessarily whole) degrees of freedom (R: qt(p, df)); NaN outside its domain. */
export function tQuantile(p: number, df: number): number {
  return stdlib().t(p, df);
}
