/**
 * Two waves of the same questionnaire version side by side (this year against last, or two houses),
 * per aspect: mean, n and the difference. Both waves' numbers are whole-wave results that their own
 * results pages already show, so nothing here needs suppression.
 */
import { assertComparable, difference, type ReportSummary, type ScoreSummary } from './summary.js';

export interface WaveComparisonRow {
  /** Aspect id, or 'overall'. */
  id: string;
  label: string;
  current: ScoreSummary;
  other: ScoreSummary;
  /** current − other; null when either mean is missing. */
  difference: number | null;
}

export interface WaveComparison {
  rows: WaveComparisonRow[];
  overall: WaveComparisonRow;
  current: { n: number };
  other: { n: number };
}

/** Per-aspect and overall comparison of two waves; throws CompareError for different questionnaire versions. */
export function compareWaves(current: ReportSummary, other: ReportSummary): WaveComparison {
  assertComparable(current, other);
  const otherById = new Map(other.aspects.map((a) => [a.id, a]));
  const rows = current.aspects.map((a): WaveComparisonRow => {
    const o = otherById.get(a.id) ?? { mean: null, n: 0 };
    return { id: a.id, label: a.label, current: { mean: a.mean, n: a.n }, other: { mean: o.mean, n: o.n }, difference: difference(a.mean, o.mean) };
  });
  return {
    rows,
    overall: {
      id: 'overall',
      label: 'Alle aspecten',
      current: current.overall,
      other: other.overall,
      difference: difference(current.overall.mean, other.overall.mean),
    },
    current: { n: current.n },
    other: { n: other.n },
  };
}
