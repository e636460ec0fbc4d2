/**
 * The analysis report: everything the results pages, the XLSX workbook and `cli analyze --json` show,
 * computed in one pass by analyze() (report.ts). Plain data (JSON-safe): no NaN or Infinity anywhere;
 * a statistic that cannot be computed is `null` and a warning says why.
 *
 * Conventions used throughout:
 * - "shown" = responses to whom routing showed the question; "not shown" are left out of every base.
 * - Percentages are rounded with the largest remainder method, so each column sums to exactly 100.
 * - Declared missing answers (geen oordeel, weet niet) are counted, never scored or averaged.
 */
import type { QuestionReport } from '../questionnaire/types/index.js';
import type { StatWarning } from '../stats/computable.js';
import type { ReliabilityItem } from '../stats/reliability.js';
import type { FrequencyRow, MissingCounts } from './frequencies.js';

export type { StatWarning } from '../stats/computable.js';
export type { FrequencyRow, MissingCounts } from './frequencies.js';
export type { QuestionReport } from '../questionnaire/types/index.js';
export type { ChoiceQuestionReport } from '../questionnaire/types/choiceTable.js';
export type { ConstantSumItemReport, ConstantSumQuestionReport } from '../questionnaire/types/constantSum/table.js';
export type { MultiQuestionReport, MultiRow } from '../questionnaire/types/multi/table.js';
export type { NumberCountRow, NumberQuestionReport } from '../questionnaire/types/number/table.js';

/** Options of analyze(); every one has a documented default. */
export interface AnalysisOptions {
  /** Background variables to break the aspect scores down by: background ids or question codes. Default: every background variable. */
  by?: string[];
  /** Breakdown cells with fewer respondents than this are suppressed. Default 5. */
  minCellSize?: number;
  /** Aspect scores a respondent needs for an overall score. Default: half the aspects, rounded up. */
  minAspects?: number;
  /** Alpha below this is warned about. Default 0.70 (the threshold of the Stappenmeter report). */
  alphaThreshold?: number;
  /** Decimals of percentages. Default 0 (as the breedtescan tables). */
  percentDecimals?: number;
}

export interface Report {
  questionnaire: { id: string; version: string; title: string };
  /** Number of responses analysed. */
  n: number;
  /** The options in force, defaults filled in. */
  settings: Required<AnalysisOptions>;
  /** One per aspect (scale) of the questionnaire. */
  scales: ScaleReport[];
  /** The overall score across aspects, with its formula. */
  overall: OverallScore;
  /** Per Likert statement: distribution of codes and descriptives over every response that answered it. */
  items: ItemReport[];
  /** Aspect and overall scores by background variable. */
  breakdowns: Breakdown[];
  /** Frequency tables of choice, yes/no, multiple-choice, constant-sum and number questions. */
  questions: QuestionReport[];
  /** Methodological notes in Dutch: how missing data, scores and suppression are handled. */
  notes: string[];
  /** Warnings that concern the whole report or the data (not one scale). */
  warnings: StatWarning[];
}

/** Reliability and score of one aspect. Reliability is listwise, scores use every respondent with enough answers. */
export interface ScaleReport {
  id: string;
  label: string;
  /** Statement codes, in order. */
  items: string[];
  /** Reverse-keyed statements among them, recoded (min + max − code) before every scale statistic. */
  reversed: string[];
  k: number;
  /** Respondents who answered every item (listwise, as SPSS RELIABILITY): the base of alpha. */
  n: number;
  alpha: number | null;
  standardizedAlpha: number | null;
  /** Feldt 95 % interval [lower, upper] of alpha. */
  ci95: [number, number] | null;
  averageInterItemCorrelation: number | null;
  /** Per item, on the listwise sample: descriptives after recoding, alpha if deleted, item-rest correlation. */
  itemStats: ScaleItemStats[];
  /** The listwise n is below the minimum cell size: alpha and the item statistics are not published (null). */
  reliabilitySuppressed: boolean;
  /** Alpha from the pairwise covariance matrix (psych::alpha's default with missing answers); null when some pair has fewer than the minimum. */
  pairwiseAlpha: number | null;
  /** The fewest respondents behind an entry of that matrix. */
  pairwiseN: number;
  /** Answered items needed for a respondent's aspect score. */
  minAnswered: number;
  /** Mean of the respondents' aspect scores. */
  scoreMean: number | null;
  scoreSd: number | null;
  /** Respondents with an aspect score. */
  scoreN: number;
  /** Fewer than the minimum cell size have a score: mean and SD are not published (null). */
  scoreSuppressed: boolean;
  /** How the score is built, in words (Dutch), to print next to it. */
  formula: string;
  warnings: StatWarning[];
}

/** An item of a scale's reliability analysis, and whether it was reverse-keyed first. */
export interface ScaleItemStats extends ReliabilityItem {
  reversed: boolean;
}

export interface OverallScore {
  mean: number | null;
  sd: number | null;
  /** Respondents with an overall score. */
  n: number;
  /** Fewer than the minimum cell size have one: mean and SD are not published (null). */
  suppressed: boolean;
  minAspects: number;
  aspects: number;
  formula: string;
}

export interface ItemReport {
  code: string;
  question: string;
  label: string;
  /** The aspect the statement belongs to, if any. */
  aspect: string | null;
  /** Reverse-keyed: the descriptives here are on the codes as answered; scale statistics use the recode. */
  reversed: boolean;
  /** Substantive answers (declared missing codes excluded). */
  n: number;
  missing: MissingCounts;
  min: number | null;
  max: number | null;
  mean: number | null;
  sd: number | null;
  /** Fewer substantive answers than the minimum cell size: descriptives and answer counts are not published (null, no frequency rows). */
  suppressed: boolean;
  /** Scale codes, declared missing codes, non-response; Totaal = responses shown the item. */
  frequencies: FrequencyRow[];
  total: number;
}

export interface Breakdown {
  /** The id asked for (background id or question code). */
  variable: string;
  label: string;
  question: string;
  /** Cells by band (option meaning or number), not by option. */
  banded: boolean;
  cells: BreakdownCell[];
  /** The whole sample, for reference (the same numbers as scales[] and overall). */
  total: { n: number; scores: Record<string, number | null>; scoreN: Record<string, number>; overall: number | null; overallN: number };
  /** What was suppressed and why, in words. */
  note: string;
}

export interface BreakdownCell {
  /** Label of the option, band or "Onbekend". */
  value: string;
  /** The option code (null for bands and for the unknown cell). */
  code: number | null;
  /** The cell of respondents without a (usable) answer to the background question. */
  missing: boolean;
  /** Respondents in the cell. */
  n: number;
  /** Nothing but n is shown: the cell is too small, or could be derived from the total and the other cells. */
  suppressed: boolean;
  suppression: 'small' | 'complementary' | null;
  /** Mean aspect score per scale id; {} when the cell is suppressed, null when suppressed or not computable for one scale. */
  scores: Record<string, number | null>;
  scoreN: Record<string, number>;
  scoreSd: Record<string, number | null>;
  /** Scales whose score is suppressed in this otherwise shown cell (too few scores, or complementary). */
  suppressedScores: string[];
  overall: number | null;
  overallSd: number | null;
  overallN: number;
}
