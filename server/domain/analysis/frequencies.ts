/** Frequency rows (Aantal, %, geldig %) as the items and the question tables of the report give them. */
import { frequencyColumn } from '../stats/frequencies.js';

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
  /** The row's group is suppressed in a breakdown: its count and percentages are not shown (hidden means hidden everywhere). */
  hidden?: 'small' | 'complementary';
}

/** Frequency rows with percent and valid percent columns (each summing to 100) from labelled counts. */
export function frequencyRows(
  rows: Array<Omit<FrequencyRow, 'percent' | 'validPercent'>>,
  percentDecimals: number,
): { rows: FrequencyRow[]; total: number } {
  const col = frequencyColumn(
    rows.map((r) => r.count),
    rows.map((r) => r.kind === 'option' || r.kind === 'other'),
    percentDecimals,
  );
  return { rows: rows.map((r, i) => ({ ...r, percent: col.percent[i]!, validPercent: col.validPercent[i]! })), total: col.total };
}
