/**
 * What a comparison needs of an analysis report: per aspect the mean score and the number of
 * respondents with a score, plus the overall score. Comparisons only ever combine these summaries,
 * never raw answers, so they show exactly the numbers of each wave's own results page.
 */
import type { Report } from '../analysis/types.js';

export interface ScoreSummary {
  /** Mean of the respondents' scores; null when nobody has a score. */
  mean: number | null;
  /** Respondents with a score. */
  n: number;
  /** Standard deviation of the scores (n − 1), for intervals; null when not computable or not published. */
  sd: number | null;
}

export interface AspectSummary extends ScoreSummary {
  id: string;
  label: string;
}

export interface ReportSummary {
  questionnaireId: string;
  version: string;
  /** Responses analysed. */
  n: number;
  aspects: AspectSummary[];
  overall: ScoreSummary;
}

/** The per-aspect and overall scores of a report. */
export function summarize(report: Report): ReportSummary {
  return {
    questionnaireId: report.questionnaire.id,
    version: report.questionnaire.version,
    n: report.n,
    aspects: report.scales.map((s) => ({ id: s.id, label: s.label, mean: s.scoreMean, n: s.scoreN, sd: s.scoreSd })),
    overall: { mean: report.overall.mean, n: report.overall.n, sd: report.overall.sd },
  };
}

/** a − b, or null when either is missing. */
export function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}
