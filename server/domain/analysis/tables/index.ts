/**
 * Every results table of a report, built once as data and numbered in the order the results page and
 * the printed report show them: the scores (1), the answer distributions per aspect, reliability,
 * the breakdowns, the statements, the frequency tables of the questions and the open answers. The
 * summary and the thresholds of the aspect scores are unnumbered. The results page and the workbook
 * both render these.
 */
import { distributions } from '../distribution.js';
import type { OpenItemAnswers } from '../../openAnswers/collect.js';
import type { Report } from '../types.js';
import { breakdownTable, breakdownTables } from './breakdowns.js';
import { distributionTable } from './distribution.js';
import type { Table } from './model.js';
import { openAnswersTable, openCodesTable } from './openAnswers.js';
import { questionTables } from './questions.js';
import { itemFrequencyTables, itemsTable, reliabilityTable, scoresTable, thresholdsTable } from './scales.js';
import { summaryTable, type SummaryInput } from './summary.js';

export interface ResultsTables {
  /** The summary (scores with intervals against the previous wave and all houses), when the questionnaire has aspects and a summary was asked for. */
  summary: Table | null;
  scores: Table;
  /** How many statements an aspect score needs, per aspect. */
  thresholds: Table;
  /** The answer distribution per aspect (statements outside every aspect last). */
  distributions: Table[];
  reliability: Table;
  /** Every background variable in one table (the page), or null without breakdowns. */
  breakdowns: Table | null;
  /** One table per background variable (the workbook's sheets). */
  breakdownsBy: Table[];
  items: Table;
  /** Per question its table(s). */
  questions: Table[][];
  /** Per statement its frequency table (the workbook). */
  itemFrequencies: Table[];
  /** Per open item: the frequency table of its categories (when coded) and its answers. */
  openAnswers: Array<{ key: string; codes: Table | null; answers: Table }>;
}

export interface ExtraTables {
  /** The comparisons of the summary; no summary without it. */
  summary?: Omit<SummaryInput, 'report'>;
  /** The open answers in the reader view; none when withheld. */
  openAnswers?: readonly OpenItemAnswers[];
  /** The most answers an open-answer table lists (the page); the workbook lists all. */
  openAnswerLimit?: number;
}

/** The tables of a report (and of the open answers given with it). */
export function resultsTables(report: Report, extra: ExtraTables = {}): ResultsTables {
  const hasAspects = report.scales.length > 0;
  let next = 1;
  const number = () => next++;
  const scores = scoresTable(report, hasAspects ? number() : 0);
  const distributionTables = distributions(report).map((g) => distributionTable(g, number(), report.settings.percentDecimals));
  const reliability = reliabilityTable(report, hasAspects ? number() : 0);
  const breakdowns = hasAspects && report.breakdowns.length > 0 ? number() : 0;
  const items = itemsTable(report, hasAspects ? number() : 0);
  const questions = questionTables(report, next);
  next += questions.length;
  const openAnswers = (extra.openAnswers ?? [])
    .filter((i) => i.answers.length > 0)
    .map((i) => {
      const codes = openCodesTable(i, i.categories.length > 0 ? number() : 0, report.settings.percentDecimals);
      return { key: i.item.key, codes, answers: openAnswersTable(i, number(), extra.openAnswerLimit) };
    });
  return {
    summary: hasAspects && extra.summary ? summaryTable({ report, ...extra.summary }) : null,
    scores,
    thresholds: thresholdsTable(report),
    distributions: distributionTables,
    reliability,
    breakdowns: breakdownTable(report, breakdowns),
    breakdownsBy: breakdownTables(report, breakdowns),
    items,
    questions,
    itemFrequencies: itemFrequencyTables(report),
    openAnswers,
  };
}
