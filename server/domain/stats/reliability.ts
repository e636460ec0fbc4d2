/**
 * Reliability analysis of one scale, as SPSS RELIABILITY /MODEL=ALPHA /SUMMARY=TOTAL reports it:
 * on the observations that answered every item (listwise, SPSS's default), with raw and standardized
 * alpha, the Feldt 95 % interval, the average inter-item correlation, and per item its mean, SD,
 * alpha if deleted and corrected item-total correlation. Values agree with psych::alpha(x, check.keys =
 * FALSE) on complete data (psych uses pairwise covariances when data are missing; we do not).
 *
 * Warnings (never silent): an item without variance, a negative item-rest correlation (an item keyed
 * the other way?), n ≤ k (too few respondents for k items), alpha below the threshold (0.70 in the
 * Stappenmeter report), and every statistic that could not be computed with its reason.
 */
import { averageInterItemCorrelation, cronbachAlpha, standardizedAlpha } from './cronbachAlpha.js';
import { at, type CovarianceAccumulator } from './covariance.js';
import { feldtInterval } from './feldt.js';
import { itemTotalStatistics } from './itemTotal.js';
import type { StatWarning } from './computable.js';
import { formatDecimal } from '../format/nl.js';

export const DEFAULT_ALPHA_THRESHOLD = 0.7;

export interface ReliabilityItem {
  code: string;
  /** Listwise n (the same for every item). */
  n: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  sd: number | null;
  alphaIfDeleted: number | null;
  standardizedAlphaIfDeleted: number | null;
  /** Corrected item-total correlation: the item with the sum of the other items. */
  itemRestCorrelation: number | null;
}

export interface Reliability {
  k: number;
  /** Observations that answered every item. */
  n: number;
  alpha: number | null;
  standardizedAlpha: number | null;
  /** Feldt 95 % interval [lower, upper]. */
  ci95: [number, number] | null;
  averageInterItemCorrelation: number | null;
  items: ReliabilityItem[];
  warnings: StatWarning[];
}

const fmt = (x: number) => formatDecimal(x, 2);

/** Reliability of the scale whose complete observations were pushed into `acc`. */
export function reliability(acc: CovarianceAccumulator, codes: readonly string[], threshold = DEFAULT_ALPHA_THRESHOLD): Reliability {
  const k = acc.k;
  const n = acc.n;
  if (codes.length !== k) throw new Error('reliability: one code per item');
  const warnings: StatWarning[] = [];
  const cov = acc.covariance();
  const means = acc.means();
  const empty = (reason: string): Reliability => {
    warnings.push({ code: 'not-computable', message: `Alfa niet te berekenen: ${reason}` });
    return {
      k,
      n,
      alpha: null,
      standardizedAlpha: null,
      ci95: null,
      averageInterItemCorrelation: null,
      items: codes.map((code, i) => ({
        code,
        n,
        min: n > 0 ? acc.min[i]! : null,
        max: n > 0 ? acc.max[i]! : null,
        mean: n > 0 ? means[i]! : null,
        sd: null,
        alphaIfDeleted: null,
        standardizedAlphaIfDeleted: null,
        itemRestCorrelation: null,
      })),
      warnings,
    };
  };
  if (k < 2) return empty('een schaal van één item heeft geen interne consistentie');
  if (!cov) return empty(`te weinig respondenten die alle items beantwoordden (n = ${n})`);

  if (n <= k)
    warnings.push({
      code: 'n-not-above-k',
      message: `Maar ${n} volledige antwoordpatronen voor ${k} items (n ≤ k): alfa is zeer onzeker`,
    });
  for (let i = 0; i < k; i++)
    if (!(at(cov, i, i) > 0))
      warnings.push({ code: 'zero-variance', item: codes[i]!, message: `${codes[i]} heeft geen spreiding: iedereen gaf hetzelfde antwoord. Het item telt mee in alfa, zoals SPSS en PSPP het meetellen; psych::alpha in R laat zo'n item weg en geeft dan een andere alfa` });

  const alpha = cronbachAlpha(cov);
  const std = standardizedAlpha(cov, [...codes]);
  const avgR = averageInterItemCorrelation(cov, [...codes]);
  const ci = feldtInterval(alpha.value, n, k);
  for (const [name, c] of [
    ['Alfa', alpha],
    ['Gestandaardiseerde alfa', std],
    ['Gemiddelde inter-itemcorrelatie', avgR],
    ['Betrouwbaarheidsinterval', ci],
  ] as const)
    // the interval of an alpha that is not computable needs no warning of its own
    if (c.reason !== null && !(name === 'Betrouwbaarheidsinterval' && alpha.reason !== null))
      warnings.push({ code: 'not-computable', message: `${name} niet te berekenen: ${c.reason}` });
  if (alpha.value !== null && alpha.value < threshold)
    warnings.push({ code: 'alpha-below-threshold', message: `Alfa ${fmt(alpha.value)} ligt onder ${fmt(threshold)}` });

  const itemStats = itemTotalStatistics(cov);
  const items = codes.map((code, i): ReliabilityItem => {
    const s = itemStats[i]!;
    const r = s.itemRestCorrelation.value;
    if (r !== null && r < 0)
      warnings.push({
        code: 'negative-item-rest',
        item: code,
        message: `${code} hangt negatief samen met de rest van de schaal (r = ${fmt(r)}): omgekeerd geformuleerd?`,
      });
    return {
      code,
      n,
      min: acc.min[i]!,
      max: acc.max[i]!,
      mean: means[i]!,
      sd: Math.sqrt(at(cov, i, i)),
      alphaIfDeleted: s.alphaIfDeleted.value,
      standardizedAlphaIfDeleted: s.standardizedAlphaIfDeleted.value,
      itemRestCorrelation: r,
    };
  });
  return {
    k,
    n,
    alpha: alpha.value,
    standardizedAlpha: std.value,
    ci95: ci.value,
    averageInterItemCorrelation: avgR.value,
    items,
    warnings,
  };
}
