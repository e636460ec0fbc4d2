/**
 * The answer distribution of each Likert statement, as the diverging stacked bar chart and the table
 * beside it show it: per answer category its count and its percentage of the answers given (scale
 * points and declared missing codes such as "geen oordeel"; a skipped statement is no answer given).
 * Percentages are rounded by largest remainder so a statement's row adds up to exactly 100, and the
 * chart draws these rounded numbers, never more precise ones than the table prints.
 *
 * Which side of zero a category goes: the lower half of the scale points is negative, the upper half
 * positive; on an odd scale the middle point is neutral (drawn half on each side). Declared missing
 * codes are "apart": drawn in a panel of their own, never on the scale.
 */
import { largestRemainder } from '../stats/largestRemainder.js';
import type { ItemReport, Report } from './types.js';

export type Side = 'negative' | 'neutral' | 'positive' | 'apart';

export interface DistributionCategory {
  label: string;
  /** The answer code. */
  value: number;
  side: Side;
  /** Position on the scale from the most negative (0); declared missing codes after the scale points. */
  rank: number;
  count: number;
  /** Rounded percentage of the answers given; null when nobody answered. */
  percent: number | null;
}

export interface ItemDistribution {
  code: string;
  label: string;
  reversed: boolean;
  /** Answers given: scale points and declared missing codes. */
  n: number;
  categories: DistributionCategory[];
}

export interface DistributionGroup {
  /** The aspect id, or null for the statements outside every aspect. */
  id: string | null;
  label: string;
  items: ItemDistribution[];
}

/** Which side of zero the i-th of k scale points goes. */
export function sideOf(i: number, k: number): Side {
  if (k % 2 === 1 && i === (k - 1) / 2) return 'neutral';
  return i < k / 2 ? 'negative' : 'positive';
}

/** The distribution of one statement, with percentages rounded to `decimals`. */
export function itemDistribution(item: ItemReport, decimals: number): ItemDistribution {
  const rows = item.frequencies.filter((r) => (r.kind === 'option' || r.kind === 'missing') && r.value !== null);
  const scale = rows.filter((r) => r.kind === 'option').length;
  const percents = largestRemainder(
    rows.map((r) => r.count),
    decimals,
  );
  return {
    code: item.code,
    label: item.label,
    reversed: item.reversed,
    n: rows.reduce((a, r) => a + r.count, 0),
    categories: rows.map((r, i) => ({
      label: r.label,
      value: r.value!,
      side: r.kind === 'missing' ? 'apart' : sideOf(i, scale),
      rank: i,
      count: r.count,
      percent: percents ? percents[i]! : null,
    })),
  };
}

/** The distributions of every statement of a report, grouped by aspect (statements outside every aspect last). */
export function distributions(report: Report): DistributionGroup[] {
  const decimals = report.settings.percentDecimals;
  const byCode = new Map(report.items.map((i) => [i.code, i]));
  const inScale = new Set(report.scales.flatMap((s) => s.items));
  const groups: DistributionGroup[] = report.scales.map((s) => ({
    id: s.id,
    label: s.label,
    items: s.items.flatMap((code) => {
      const item = byCode.get(code);
      return item ? [itemDistribution(item, decimals)] : [];
    }),
  }));
  const rest = report.items.filter((i) => !inScale.has(i.code));
  if (rest.length) groups.push({ id: null, label: 'Overige uitspraken', items: rest.map((i) => itemDistribution(i, decimals)) });
  return groups.filter((g) => g.items.length > 0);
}
