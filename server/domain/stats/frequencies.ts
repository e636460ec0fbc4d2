/**
 * Frequency tables: a count per row, the percentage of all rows ("Percent" in SPSS FREQUENCIES) and the
 * percentage of the valid rows only ("Valid Percent": declared missing answers and non-response
 * excluded), each column rounded by the largest remainder method so it totals exactly 100.
 */
import { largestRemainder } from './largestRemainder.js';

export interface FrequencyColumn {
  /** Percentage of the total per row; null when the total is 0. */
  percent: Array<number | null>;
  /** Percentage of the valid rows; null for rows that are not valid or when there are no valid rows. */
  validPercent: Array<number | null>;
  total: number;
  validTotal: number;
}

/** Percent and valid percent columns of a frequency table, each summing to exactly 100. */
export function frequencyColumn(counts: readonly number[], valid: readonly boolean[], decimals = 0): FrequencyColumn {
  if (valid.length !== counts.length) throw new Error('frequencyColumn: counts and valid differ in length');
  const percent = largestRemainder(counts, decimals);
  const validCounts = counts.filter((_, i) => valid[i]);
  const validPercents = largestRemainder(validCounts, decimals);
  let v = 0;
  return {
    percent: percent ?? counts.map(() => null),
    validPercent: counts.map((_, i) => (valid[i] ? (validPercents?.[v++] ?? null) : null)),
    total: counts.reduce((a, b) => a + b, 0),
    validTotal: validCounts.reduce((a, b) => a + b, 0),
  };
}
