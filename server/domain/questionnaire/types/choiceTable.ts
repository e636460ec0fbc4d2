/**
 * The frequency table of a question with one answer code (single choice, yes/no): Aantal, % and
 * valid % per option, declared missing codes and non-response apart, and a Totaal of the responses
 * shown the question (breedtescan Bijlage 4).
 */
import { CodeSlots } from '../../analysis/codeSlots.js';
import { BLANK, NUMBER } from '../../analysis/extract.js';
import { frequencyRows, type FrequencyRow } from '../../analysis/frequencies.js';
import { FREQUENCY_COLUMNS, frequencyTableRows, hiddenRowFootnotes, notShownNotes } from '../../analysis/tables/frequency.js';
import type { Table } from '../../analysis/tables/model.js';
import type { Option } from '../parts.js';
import type { PresentContext, QuestionTableReport, TableCounter } from './module.js';
import { shownCounter } from './shownCounter.js';

/** Single choice and yes/no: a frequency table with Aantal, %, valid %, and a Totaal (= shown). */
export interface ChoiceQuestionReport extends QuestionTableReport {
  type: 'single' | 'yesno';
  /** Substantive answers. */
  n: number;
  rows: FrequencyRow[];
  total: number;
}

/** A counter over one coded variable (`v` in the extractor) with these options, substantive ones first. */
export function choiceCounter(
  type: ChoiceQuestionReport['type'],
  question: { code: string; text: string },
  v: number,
  valid: Option[],
  missing: Option[],
): TableCounter<ChoiceQuestionReport> {
  const slots = new CodeSlots(valid, missing);
  const options = [...valid, ...missing];
  const counts = new Float64Array(slots.codes.length);
  let nonResponse = 0;
  return shownCounter(
    (numbers, kind) => {
      if (kind[v] === BLANK) {
        nonResponse += 1;
        return true;
      }
      const slot = kind[v] === NUMBER ? slots.slot(numbers[v]!) : -1;
      if (slot < 0) return false;
      counts[slot] = counts[slot]! + 1;
      return true;
    },
    (percentDecimals, { notShown, invalid }) => {
      const rows: Array<Omit<FrequencyRow, 'percent' | 'validPercent'>> = options.map((o, i) => ({
        kind: i >= slots.valid ? 'missing' : o.other ? 'other' : 'option',
        value: o.value,
        label: o.label,
        count: counts[i]!,
      }));
      rows.push({ kind: 'nonResponse', value: null, label: 'Geen antwoord', count: nonResponse });
      if (invalid > 0) rows.push({ kind: 'invalid', value: null, label: 'Ongeldige code', count: invalid });
      const table = frequencyRows(rows, percentDecimals);
      let n = 0;
      for (let i = 0; i < slots.valid; i++) n += counts[i]!;
      return { type, code: question.code, text: question.text, shown: table.total, notShown, n, rows: table.rows, total: table.total };
    },
  );
}

/** The table of a single-choice or yes/no question. */
export function choiceTables(r: ChoiceQuestionReport, ctx: PresentContext): Table[] {
  return [
    {
      id: `q-${r.code}`,
      title: ctx.caption,
      code: r.code,
      columns: FREQUENCY_COLUMNS,
      groups: [{ label: null, rows: frequencyTableRows(r.rows, r.total, ctx.percentDecimals, r.notShownHidden) }],
      notes: notShownNotes(r),
      footnotes: hiddenRowFootnotes(r.notShownHidden ? [...r.rows, { hidden: r.notShownHidden }] : r.rows, ctx.minCellSize),
    },
  ];
}
