/**
 * Two waves side by side (this year against an earlier wave), per aspect: mean, n and the difference
 * with its Welch interval and reading. Only aspects that stay comparable between the two
 * questionnaire versions (comparableAspects) get the other wave's mean; the overall score only when
 * every aspect is comparable. Both waves' numbers are whole-wave results that their own results pages
 * already show (suppressed there when too few), so nothing here needs more suppression.
 */
import { differenceOf, type Difference } from './difference.js';
import type { ReportSummary, ScoreSummary } from './summary.js';

export interface WaveComparisonRow {
  /** Aspect id, or 'overall'. */
  id: string;
  label: string;
  current: ScoreSummary;
  other: ScoreSummary;
  /** The aspect is measured the same way in both versions. */
  comparable: boolean;
  /** current − other; null when either mean is missing or the aspect is not comparable. */
  difference: number | null;
  differenceInterval: Difference;
}

export interface WaveComparison {
  rows: WaveComparisonRow[];
  overall: WaveComparisonRow;
  current: { n: number };
  other: { n: number };
}

const NONE: ScoreSummary = { mean: null, n: 0, sd: null };
const WORDS = { higher: 'Deze ronde scoort hoger', lower: 'Deze ronde scoort lager' };

function row(id: string, label: string, current: ScoreSummary, other: ScoreSummary, comparable: boolean): WaveComparisonRow {
  const o = comparable ? other : NONE;
  const differenceInterval = differenceOf(current, o, WORDS);
  return { id, label, current, other: o, comparable, difference: differenceInterval.estimate, differenceInterval };
}

/** Per-aspect and overall comparison of two waves; `comparable` holds the ids of the aspects both measure alike. */
export function compareWaves(current: ReportSummary, other: ReportSummary, comparable: ReadonlySet<string>): WaveComparison {
  const otherById = new Map(other.aspects.map((a) => [a.id, a]));
  const rows = current.aspects.map((a) => row(a.id, a.label, a, otherById.get(a.id) ?? NONE, comparable.has(a.id) && otherById.has(a.id)));
  const allComparable = current.aspects.length > 0 && rows.every((r) => r.comparable) && other.aspects.length === current.aspects.length;
  return {
    rows,
    overall: row('overall', 'Alle aspecten', current.overall, other.overall, allComparable),
    current: { n: current.n },
    other: { n: other.n },
  };
}
