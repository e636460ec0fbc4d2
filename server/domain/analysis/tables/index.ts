/**
 * Every results table of a report, built once as data and numbered as the results page shows them:
 * 1 reliability, 2 scores, 3 breakdowns, 4 statements (when the questionnaire has aspects), then the
 * frequency tables of the questions. The results page and the workbook both render these.
 */
import type { Report } from '../types.js';
import { breakdownTable, breakdownTables } from './breakdowns.js';
import type { Table } from './model.js';
import { questionTables } from './questions.js';
import { itemFrequencyTables, itemsTable, reliabilityTable, scoresTable } from './scales.js';

export interface ResultsTables {
  reliability: Table;
  scores: Table;
  /** Every background variable in one table (the page), or null without breakdowns. */
  breakdowns: Table | null;
  /** One table per background variable (the workbook's sheets). */
  breakdownsBy: Table[];
  items: Table;
  /** Per question its table(s). */
  questions: Table[][];
  /** Per statement its frequency table (the workbook). */
  itemFrequencies: Table[];
}

/** The tables of a report. */
export function resultsTables(report: Report): ResultsTables {
  const firstQuestion = report.scales.length > 0 ? 5 : 1;
  return {
    reliability: reliabilityTable(report, 1),
    scores: scoresTable(report, 2),
    breakdowns: breakdownTable(report, 3),
    breakdownsBy: breakdownTables(report, 3),
    items: itemsTable(report, 4),
    questions: questionTables(report, firstQuestion),
    itemFrequencies: itemFrequencyTables(report),
  };
}
