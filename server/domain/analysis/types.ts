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
import type { StatWarning } from '../stats/computable.js';
import type { ReliabilityItem } from '../stats/reliability.js';

export type { StatWarning } from '../stats/computable.js';

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
  /** Answered items needed for a respondent's aspect score. */
  minAnswered: number;
  /** Mean of the respondents' aspect scores. */
  scoreMean: number | null;
  scoreSd: number | null;
  /** Respondents with an aspect score. */
  scoreN: number;
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
  minAspects: number;
  aspects: number;
  formula: string;
}

/** Missing answers of an item or question, by reason. */
export interface MissingCounts {
  /** Shown but not answered. */
  skipped: number;
  /** Answered with a declared missing code (geen oordeel, weet niet). */
  declared: number;
  /** Not shown because of routing. */
  notShown: number;
  /** A value that is not an answer code of the question (bad data), left out. */
  invalid: number;
}

/** One row of a frequency table. */
export interface FrequencyRow {
  kind: 'option' | 'other' | 'missing' | 'nonResponse' | 'invalid';
  /** The answer code; null for non-response and invalid. */
  value: number | null;
  label: string;
  count: number;
  /** Percentage of all rows (the Totaal); columns sum to 100. Null when the total is 0. */
  percent: number | null;
  /** Percentage of the substantive answers only; null for missing, non-response and invalid rows. */
  validPercent: number | null;
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
  overallN: number;
}

export type QuestionReport = ChoiceQuestionReport | MultiQuestionReport | ConstantSumQuestionReport | NumberQuestionReport;

interface QuestionBaseReport {
  code: string;
  text: string;
  /** Responses shown the question. */
  shown: number;
  notShown: number;
}

/** Single choice and yes/no: a frequency table with Aantal, %, valid %, and a Totaal (= shown). */
export interface ChoiceQuestionReport extends QuestionBaseReport {
  type: 'single' | 'yesno';
  /** Substantive answers. */
  n: number;
  rows: FrequencyRow[];
  total: number;
}

export interface MultiRow {
  value: number;
  label: string;
  exclusive: boolean;
  other: boolean;
  /** Times mentioned. */
  count: number;
  /** Share of the respondents who answered (n) that chose it; these do not sum to 100. */
  percentOfRespondents: number | null;
  /** Share of all mentions; sums to 100. */
  percentOfMentions: number | null;
}

/** Multiple choice: times mentioned and % of respondents, with n (breedtescan Tabel 27). */
export interface MultiQuestionReport extends QuestionBaseReport {
  type: 'multi';
  /** Respondents who chose at least one option. */
  n: number;
  nonResponse: number;
  mentions: number;
  rows: MultiRow[];
}

export interface ConstantSumItemReport {
  code: string;
  label: string;
  n: number;
  /** Mean of the item's value, in the question's unit. */
  mean: number | null;
  /** Mean share of the total, in percent. */
  meanPercent: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Respondents per share band (bandLabels), with % of n summing to 100. */
  bands: Array<{ label: string; count: number; percent: number | null }>;
}

/** Constant sum: mean share per item and the distribution over share bands (breedtescan Tabel 22). */
export interface ConstantSumQuestionReport extends QuestionBaseReport {
  type: 'constantSum';
  total: number;
  unit: string | null;
  /** Respondents who filled in at least one item (an empty item of such a response counts as 0). */
  n: number;
  nonResponse: number;
  /** Responses whose items do not add up to the total (still included). */
  offTotal: number;
  /** Responses with a value that is not a share between 0 and the total (left out). */
  invalid: number;
  bandLabels: string[];
  items: ConstantSumItemReport[];
}

/** Number: descriptives, declared missing (weet niet) counts and bands. */
export interface NumberQuestionReport extends QuestionBaseReport {
  type: 'number';
  unit: string | null;
  /** Numeric answers (declared missing excluded). */
  n: number;
  missing: MissingCounts;
  declared: Array<{ value: number; label: string; count: number }>;
  mean: number | null;
  median: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Counts per band (background bands of this question, or share bands for a 0-100 % question); null without bands. */
  bands: Array<{ label: string; count: number; percent: number | null }> | null;
  /** Answers outside every band. */
  outsideBands: number;
}
