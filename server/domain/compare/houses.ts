/**
 * One Veiligheidshuis against the mean of all houses measured with the same questionnaire version.
 *
 * The reference is the POOLED mean: every respondent of every compared house (this house included)
 * weighs the same, so per aspect
 *
 *   pooled = Σ_h mean_h · n_h / Σ_h n_h
 *
 * with n_h the respondents of house h with a score for the aspect. This equals the mean over all
 * those respondents' aspect scores taken together (analyze() on the pooled responses), because an
 * aspect mean is a plain mean of respondent scores. A house with more respondents therefore counts
 * more; the unweighted mean of house means was not chosen because one respondent of a small house
 * would weigh as much as a whole large house, and because it would give a small house's mean the
 * full weight of a house while that mean may not be shown.
 *
 * Suppression: the houses are the cells of a table whose total (the pooled mean) is published, and
 * this house's own scores are known from its own results page. So the other houses are treated like
 * breakdown cells (suppressCells: a house with fewer than the minimum respondents is not shown on its
 * own, with complementary suppression), and when what is hidden could still be recomputed from the
 * pooled mean (a single hidden house, or hidden houses with fewer than the minimum together), the
 * pooled mean itself is not shown. A hidden house always counts in the pooled mean.
 */
import { suppressCells, type Suppression } from '../analysis/suppression.js';
import { assertComparable, difference, type ReportSummary, type ScoreSummary } from './summary.js';

export interface HouseInput {
  /** Identifies the house's wave (its id). */
  key: string;
  /** The name shown. */
  house: string;
  /** A label for the wave (title, period). */
  wave: string;
  summary: ReportSummary;
}

export interface PooledScore {
  /** Null when suppressed or when no house has a score. */
  mean: number | null;
  /** Respondents with a score, over all compared houses. */
  n: number;
  /** Houses that have a score. */
  houses: number;
  /** The pooled mean is withheld because it would reveal a hidden house. */
  suppressed: boolean;
}

export interface HouseComparisonRow {
  id: string;
  label: string;
  current: ScoreSummary;
  reference: PooledScore;
  /** current − pooled; null when either is missing. */
  difference: number | null;
}

export interface HouseCell {
  /** Null when not shown. */
  mean: number | null;
  n: number;
  suppression: Suppression;
}

export interface HouseTableRow {
  key: string;
  house: string;
  wave: string;
  /** This house (always shown: its own results page shows the same numbers). */
  current: boolean;
  /** Responses of the house's wave. */
  n: number;
  /** The house is not shown on its own (too few responses, or complementary). */
  suppression: Suppression;
  aspects: Record<string, HouseCell>;
  overall: HouseCell;
}

export interface HouseComparison {
  minCellSize: number;
  rows: HouseComparisonRow[];
  overall: HouseComparisonRow;
  /** Every compared house, this house first. */
  table: HouseTableRow[];
  /** How the reference is defined, in Dutch, to print on the page. */
  definition: string;
}

export const POOLED_DEFINITION =
  'Het gemiddelde van alle huizen is het gepoolde gemiddelde: alle respondenten van de vergeleken huizen, dit huis inbegrepen, ' +
  'tellen even zwaar (per aspect: de som van gemiddelde × n per huis, gedeeld door de som van n). Een huis met meer respondenten ' +
  'weegt dus zwaarder.';

function pooled(scores: ScoreSummary[]): { mean: number | null; n: number; houses: number } {
  let sum = 0;
  let n = 0;
  let houses = 0;
  for (const s of scores) {
    if (s.mean === null || s.n <= 0) continue;
    sum += s.mean * s.n;
    n += s.n;
    houses += 1;
  }
  return { mean: n > 0 ? sum / n : null, n, houses };
}

/** Whether the hidden cells could still be recovered from the published total. */
function revealsHidden(ns: number[], suppression: Suppression[], minimum: number): boolean {
  let count = 0;
  let sum = 0;
  ns.forEach((n, i) => {
    if (suppression[i] !== null && n > 0) {
      count += 1;
      sum += n;
    }
  });
  return count === 1 || (count > 1 && sum < minimum);
}

/** Compare a house with the pooled mean of all houses (itself included); throws CompareError for another questionnaire version. */
export function compareHouses(current: HouseInput, others: readonly HouseInput[], minCellSize: number): HouseComparison {
  for (const o of others) assertComparable(current.summary, o.summary);
  const houseSuppression = suppressCells(
    others.map((o) => o.summary.n),
    minCellSize,
  );
  const forced = houseSuppression.map((s) => s !== null);
  const everyone = [current, ...others];

  const scoreOf = (h: HouseInput, id: string): ScoreSummary => {
    if (id === 'overall') return h.summary.overall;
    const a = h.summary.aspects.find((x) => x.id === id);
    return a ? { mean: a.mean, n: a.n } : { mean: null, n: 0 };
  };

  const cells = new Map<string, Suppression[]>();
  const compareRow = (id: string, label: string): HouseComparisonRow => {
    const otherNs = others.map((o) => scoreOf(o, id).n);
    const suppression = suppressCells(otherNs, minCellSize, forced);
    cells.set(id, suppression);
    const p = pooled(everyone.map((h) => scoreOf(h, id)));
    const hidden = revealsHidden(otherNs, suppression, minCellSize);
    const reference: PooledScore = { mean: hidden ? null : p.mean, n: p.n, houses: p.houses, suppressed: hidden };
    const mine = scoreOf(current, id);
    return { id, label, current: mine, reference, difference: difference(mine.mean, reference.mean) };
  };

  const rows = current.summary.aspects.map((a) => compareRow(a.id, a.label));
  const overall = compareRow('overall', 'Alle aspecten');

  const cell = (h: HouseInput, id: string, suppression: Suppression): HouseCell => {
    const s = scoreOf(h, id);
    return { mean: suppression === null ? s.mean : null, n: s.n, suppression };
  };
  const table: HouseTableRow[] = everyone.map((h, index) => {
    const i = index - 1;
    const isCurrent = index === 0;
    // a house hidden as a whole keeps its own reason (small or complementary) in every cell
    const suppressionOf = (id: string): Suppression => (isCurrent ? null : (houseSuppression[i] ?? cells.get(id)![i] ?? null));
    return {
      key: h.key,
      house: h.house,
      wave: h.wave,
      current: isCurrent,
      n: h.summary.n,
      suppression: isCurrent ? null : houseSuppression[i]!,
      aspects: Object.fromEntries(current.summary.aspects.map((a) => [a.id, cell(h, a.id, suppressionOf(a.id))])),
      overall: cell(h, 'overall', suppressionOf('overall')),
    };
  });

  return { minCellSize, rows, overall, table, definition: POOLED_DEFINITION };
}
