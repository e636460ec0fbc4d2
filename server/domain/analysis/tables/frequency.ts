/** The pieces every frequency table shares: its columns, its rows from frequency counts, the routing note. */
import type { FrequencyRow } from '../frequencies.js';
import { formatCount } from '../../format/nl.js';
import { COUNT, hidden, num, percent, text, type Column, type Row } from './model.js';

/** What every question table of the report says about routing. */
interface Shown {
  notShown: number;
  notShownHidden?: 'small' | 'complementary';
}

/** "Niet gesteld door de routering: 3; die tellen niet mee." when routing hid the question from some ("–" with its footnote mark when that count is hidden). */
export function notShownNotes(r: Shown): string[] {
  if (r.notShown === 0) return [];
  const count = r.notShownHidden ? `– (${markOf(r.notShownHidden)})` : formatCount(r.notShown);
  return [`Niet gesteld door de routering: ${count}; die tellen niet mee.`];
}

/** The columns of a frequency table: answer, its code (workbook), Aantal, % and valid % (workbook). */
export const FREQUENCY_COLUMNS: Column[] = [
  { label: 'Antwoord', numeric: false, header: true },
  { label: 'Code', numeric: true, detail: true },
  { label: 'Aantal', numeric: true },
  { label: '%', numeric: true },
  { label: 'Geldig %', numeric: true, detail: true },
];

const markOf = (h: 'small' | 'complementary') => (h === 'small' ? 'a' : 'b');

/** The footnotes of a frequency table whose rows are hidden because their group is suppressed in a breakdown. */
export function hiddenRowFootnotes(rows: ReadonlyArray<Pick<FrequencyRow, 'hidden'> & { kind?: FrequencyRow['kind'] }>, minimum: number): { a?: string; b?: string } {
  // a hidden answer hides every valid % too (frequencyTableRows), marked b
  const complementary = rows.some((r) => r.hidden === 'complementary' || (r.hidden && (r.kind === 'option' || r.kind === 'other')));
  return {
    ...(rows.some((r) => r.hidden === 'small') ? { a: `– niet getoond: een groep van minder dan ${minimum} respondenten, ook in de uitsplitsing verborgen.` } : {}),
    ...(complementary ? { b: '– niet getoond: aanvullend verborgen, zodat een kleine groep niet uit het totaal terug te rekenen is.' } : {}),
  };
}

/**
 * Frequency rows as table rows; non-response and invalid codes only when they occur. When an answer's
 * row is hidden, no row shows its valid % (its base, the number of substantive answers, would give the
 * hidden rows' sum: count ÷ valid % is that base), marked as complementary.
 */
export function frequencyTableRows(rows: FrequencyRow[], total: number, percentDecimals: number, totalHidden?: 'small' | 'complementary'): Row[] {
  // a hidden Totaal (the number asked, of a routed question) hides every % too: count ÷ % gives it
  const pct = percent(percentDecimals);
  const share = (value: number | null) => (totalHidden ? hidden(markOf(totalHidden)) : num(value, pct));
  const baseHidden = rows.some((r) => r.hidden && (r.kind === 'option' || r.kind === 'other'));
  const valid = (r: FrequencyRow) => (r.validPercent === null ? text('') : baseHidden ? hidden('b') : num(r.validPercent, pct));
  return [
    ...rows
      .filter((r) => r.kind === 'option' || r.kind === 'other' || r.kind === 'missing' || r.count > 0)
      .map(
        (r): Row => ({
          cells: r.hidden
            ? [text(r.label), r.value === null ? text('') : num(r.value, COUNT), hidden(markOf(r.hidden)), hidden(markOf(r.hidden)), r.validPercent === null ? text('') : hidden(markOf(r.hidden))]
            : [text(r.label), r.value === null ? text('') : num(r.value, COUNT), num(r.count, COUNT), share(r.percent), valid(r)],
          ...(r.kind === 'option' || r.kind === 'other' ? {} : { kind: 'missing' as const }),
        }),
      ),
    {
      cells: [text('Totaal'), text(''), totalHidden ? hidden(markOf(totalHidden)) : num(total, COUNT), share(total > 0 ? 100 : null), text('')],
      kind: 'total',
    },
  ];
}
