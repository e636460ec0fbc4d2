/** A statement (Likert item) in the report: its frequency table and descriptives. */
import { momentsFromCounts } from '../stats/descriptives.js';
import type { ItemPlan } from './plan.js';
import { frequencyRows } from './frequencies.js';
import type { FrequencyRow, ItemReport } from './types.js';


/** One statement's frequency table and descriptives from its counts; the caller suppresses it below the minimum. */
export function itemReport(item: ItemPlan, counts: Float64Array, skipped: number, notShown: number, invalid: number, decimals: number): ItemReport {
  const { slots } = item;
  const validCodes = slots.codes.slice(0, slots.valid);
  const validCounts = Array.from(counts.subarray(0, slots.valid));
  const m = momentsFromCounts(validCodes, validCounts);
  let min: number | null = null;
  let max: number | null = null;
  validCodes.forEach((code, i) => {
    if (validCounts[i]! > 0) {
      if (min === null || code < min) min = code;
      if (max === null || code > max) max = code;
    }
  });
  let declared = 0;
  const rows: Array<Omit<FrequencyRow, 'percent' | 'validPercent'>> = slots.codes.map((value, i) => {
    if (i >= slots.valid) declared += counts[i]!;
    return { kind: i < slots.valid ? 'option' : 'missing', value, label: slots.labels[i]!, count: counts[i]! };
  });
  rows.push({ kind: 'nonResponse', value: null, label: 'Geen antwoord', count: skipped });
  if (invalid > 0) rows.push({ kind: 'invalid', value: null, label: 'Ongeldige code', count: invalid });
  const table = frequencyRows(rows, decimals);
  return {
    code: item.code,
    question: item.question,
    label: item.label,
    aspect: item.aspect,
    reversed: item.reversed,
    n: m.n,
    missing: { skipped, declared, notShown, invalid },
    min,
    max,
    mean: m.mean.value,
    sd: m.sd.value,
    suppressed: false,
    frequencies: table.rows,
    total: table.total,
  };
}
