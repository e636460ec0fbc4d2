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
    aspects: report.scales.map((s) => ({ id: s.id, label: s.label, mean: s.scoreMean, n: s.scoreN })),
    overall: { mean: report.overall.mean, n: report.overall.n },
  };
}

/** Comparing two things that are not measured with the same questionnaire version. */
export class CompareError extends Error {}

/** Throw CompareError unless both summaries come from the same questionnaire id and version. */
export function assertComparable(a: ReportSummary, b: ReportSummary): void {
  if (a.questionnaireId !== b.questionnaireId || a.version !== b.version) {
    throw new CompareError(
      `Alleen rondes met dezelfde vragenlijst en versie zijn te vergelijken (${a.questionnaireId} ${a.version} en ${b.questionnaireId} ${b.version})`,
    );
  }
}

/** a − b, or null when either is missing. */
export function difference(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : a - b;
}
