/**
 * One Veiligheidshuis against the benchmark: the other houses' waves of a comparable questionnaire
 * (chosen by the service: closed, one per house), per aspect two references, labelled in words:
 *
 *   pooled mean         Σ nₕ·mₕ / Σ nₕ   every respondent counts the same (a large house weighs more)
 *   mean of house means Σ mₕ / H         every house counts the same
 *
 * This house is not in its own benchmark, so the two are independent samples and the difference gets
 * Welch's interval (the pooled SD is that of all pooled respondents together: within plus between).
 *
 * Disclosure. The other houses' means are published on their own results pages, so anything below the
 * minimum must stay out of the benchmark altogether: per aspect only a house with at least `minCellSize`
 * scores counts (its own page shows that mean); a smaller one is listed as not counted, without its n.
 * Then the benchmark is a function of published numbers only and reveals no small group. For a reader
 * who may not read some of the pooled houses (`unreadable`), the benchmark must not reveal one of those
 * either: with one unreadable house the pooled mean is its mean (withheld); with two, or when every
 * unreadable house but one has the same n, the pooled mean and the mean of house means together give
 * one house's mean (the mean of house means is withheld).
 */
import { differenceOf, type Difference } from './difference.js';
import type { ReportSummary, ScoreSummary } from './summary.js';

export interface HouseInput {
  /** Identifies the house's wave (its id). */
  key: string;
  /** The name shown. */
  house: string;
  /** A label for the wave (title). */
  wave: string;
  /** The wave's period in words. */
  period: string;
  /** Only the aspects comparable with this wave's questionnaire (the service restricts it). */
  summary: ReportSummary;
}

export interface Benchmark {
  /** The pooled mean; null when withheld or when no house counts. */
  mean: number | null;
  /** SD of all pooled respondents' scores together; null with the mean. */
  sd: number | null;
  /** Respondents with a score in the houses that count. */
  n: number;
  /** Houses that count for this aspect. */
  houses: number;
  /** The mean of the house means; null when withheld or when no house counts. */
  houseMeans: number | null;
  /** The pooled mean (and so everything) is withheld: why, in Dutch. */
  suppressed: boolean;
  /** The mean of house means alone is withheld. */
  houseMeansSuppressed: boolean;
}

export interface HouseComparisonRow {
  id: string;
  label: string;
  current: ScoreSummary;
  reference: Benchmark;
  /** current − pooled mean; null when either is missing. */
  difference: number | null;
  /** The same with its Welch interval and reading. */
  differenceInterval: Difference;
}

export interface HouseCell {
  /** Null when the house does not count for this aspect (fewer scores than the minimum) or has no score. */
  mean: number | null;
  n: number | null;
  /** The house does not count for this aspect because it has fewer scores than the minimum. */
  tooSmall: boolean;
}

export interface PooledWave {
  key: string;
  house: string;
  wave: string;
  period: string;
  /** Responses; null when below the minimum (not shown, as everywhere). */
  n: number | null;
  /** Counts for at least one aspect. */
  counted: boolean;
  aspects: Record<string, HouseCell>;
  overall: HouseCell;
}

export interface HouseComparison {
  minCellSize: number;
  rows: HouseComparisonRow[];
  overall: HouseComparisonRow;
  /** Every wave considered for the benchmark, by house; whether (and for what) it counts. */
  waves: PooledWave[];
  /** The references in words, to print on the page. */
  definition: string;
  /** Why something is withheld, in Dutch (empty when nothing is). */
  withheld: string[];
}

export const POOLED_DEFINITION =
  'Gepoold gemiddelde: alle respondenten van de andere huizen samen, elke respondent telt even zwaar (een huis met meer respondenten weegt zwaarder). ' +
  'Gemiddelde van de huisgemiddelden: eerst per huis het gemiddelde, dan het gemiddelde daarvan; elk huis telt even zwaar. ' +
  'Dit huis zelf telt in geen van beide mee.';

const WITHHELD_ONE = 'Het gemiddelde van de andere huizen is niet getoond waar maar één huis meetelt dat u niet mag inzien: het zou de cijfers van dat huis zijn.';
const WITHHELD_MEANS =
  'Het gemiddelde van de huisgemiddelden is niet getoond waar het, samen met het gepoolde gemiddelde en de aantallen, de cijfers van een afzonderlijk huis zou verraden.';

/** The pooled mean and SD of groups given by mean, SD and n: within plus between sums of squares. */
function pooledMoments(groups: Array<{ mean: number; sd: number | null; n: number }>): { mean: number; sd: number | null; n: number } {
  const n = groups.reduce((a, g) => a + g.n, 0);
  const mean = groups.reduce((a, g) => a + g.mean * g.n, 0) / n;
  if (n < 2 || groups.some((g) => g.sd === null && g.n > 1)) return { mean, sd: null, n };
  const ss = groups.reduce((a, g) => a + (g.n - 1) * (g.sd ?? 0) ** 2 + g.n * (g.mean - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (n - 1)), n };
}

/** Whether the pooled mean and the mean of house means together determine one of these houses' means. */
export function houseMeansReveal(ns: readonly number[]): boolean {
  if (ns.length <= 2) return ns.length === 2;
  // m_j = a·(Σ nᵢmᵢ) + b·(Σ mᵢ) for some a, b exactly when every other n is the same
  return ns.some((_, j) => new Set(ns.filter((_, i) => i !== j)).size === 1);
}

/** Compare a house with the benchmark of the other houses' waves; `unreadable` tells which of those the reader may not read. */
export function compareHouses(current: HouseInput, pool: readonly HouseInput[], minCellSize: number, unreadable: (key: string) => boolean): HouseComparison {
  const scoreOf = (h: HouseInput, id: string): ScoreSummary => {
    if (id === 'overall') return h.summary.overall;
    const a = h.summary.aspects.find((x) => x.id === id);
    return a ? { mean: a.mean, n: a.n, sd: a.sd } : { mean: null, n: 0, sd: null };
  };
  const counts = (s: ScoreSummary) => s.mean !== null && s.n >= minCellSize;
  const withheld = new Set<string>();

  const compareRow = (id: string, label: string): HouseComparisonRow => {
    const members = pool.filter((h) => counts(scoreOf(h, id)));
    const scores = members.map((h) => scoreOf(h, id));
    const hidden = members.filter((h) => unreadable(h.key));
    const suppressed = hidden.length === 1;
    // the reader knows each wave's n from the list, and may come close to each aspect's n
    const houseMeansSuppressed = suppressed || houseMeansReveal(hidden.map((h) => scoreOf(h, id).n)) || houseMeansReveal(hidden.map((h) => h.summary.n));
    if (suppressed) withheld.add(WITHHELD_ONE);
    else if (houseMeansSuppressed) withheld.add(WITHHELD_MEANS);
    const p = scores.length ? pooledMoments(scores.map((s) => ({ mean: s.mean!, sd: s.sd, n: s.n }))) : null;
    const reference: Benchmark = {
      mean: suppressed ? null : (p?.mean ?? null),
      sd: suppressed ? null : (p?.sd ?? null),
      n: p?.n ?? 0,
      houses: members.length,
      houseMeans: houseMeansSuppressed || !scores.length ? null : scores.reduce((a, s) => a + s.mean!, 0) / scores.length,
      suppressed,
      houseMeansSuppressed,
    };
    const mine = scoreOf(current, id);
    const differenceInterval = differenceOf(mine, { mean: reference.mean, sd: reference.sd, n: reference.n }, { higher: 'Dit huis scoort hoger', lower: 'Dit huis scoort lager' });
    return { id, label, current: mine, reference, difference: differenceInterval.estimate, differenceInterval };
  };

  const rows = current.summary.aspects.map((a) => compareRow(a.id, a.label));
  const overall = compareRow('overall', 'Alle aspecten');

  const cell = (h: HouseInput, id: string): HouseCell => {
    const s = scoreOf(h, id);
    return counts(s) ? { mean: s.mean, n: s.n, tooSmall: false } : { mean: null, n: s.n >= minCellSize ? s.n : null, tooSmall: s.n > 0 && s.n < minCellSize };
  };
  const waves: PooledWave[] = pool.map((h) => {
    const aspects = Object.fromEntries(current.summary.aspects.map((a) => [a.id, cell(h, a.id)]));
    const o = cell(h, 'overall');
    return {
      key: h.key,
      house: h.house,
      wave: h.wave,
      period: h.period,
      n: h.summary.n >= minCellSize ? h.summary.n : null,
      counted: o.mean !== null || Object.values(aspects).some((c) => c.mean !== null),
      aspects,
      overall: o,
    };
  });

  return { minCellSize, rows, overall, waves, definition: POOLED_DEFINITION, withheld: [...withheld] };
}

/**
 * The benchmark of a set of waves on their own, with no house of its own beside it (a national round's
 * overview): the same references and the same disclosure rules as compareHouses, per aspect of `aspects`.
 */
export function poolBenchmark(aspects: ReadonlyArray<{ id: string; label: string }>, pool: readonly HouseInput[], minCellSize: number, unreadable: (key: string) => boolean): HouseComparison {
  const none = { mean: null, n: 0, sd: null };
  const current: HouseInput = { key: '', house: '', wave: '', period: '', summary: { questionnaireId: '', version: '', n: 0, aspects: aspects.map((a) => ({ id: a.id, label: a.label, ...none })), overall: none } };
  return compareHouses(current, pool, minCellSize, unreadable);
}
