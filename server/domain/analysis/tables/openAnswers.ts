/**
 * The open answers as tables: per open item the frequency table of a researcher's categories (when
 * the item is coded) and the answers themselves, in hash order (never submission order), grouped by
 * category when coded. Answers stand alone: no background variable and no other answer of the same
 * respondent is ever put beside them. Built from the reader view (hidden answers without text,
 * redacted texts only), so the page, the printed report and the workbook show the same texts.
 */
import { formatCount } from '../../format/nl.js';
import type { OpenAnswer, OpenItemAnswers } from '../../openAnswers/collect.js';
import { openItemTitle } from '../../openAnswers/items.js';
import { frequencyRows } from '../frequencies.js';
import { FREQUENCY_COLUMNS, frequencyTableRows } from './frequency.js';
import { text, type Row, type RowGroup, type Table } from './model.js';

/** Whether the item's answers are one per respondent (open, anders) or mentions (list entries). */
function unit(i: OpenItemAnswers): { one: string; many: string } {
  return i.item.kind === 'list' ? { one: 'genoemd antwoord', many: 'genoemde antwoorden' } : { one: 'antwoord', many: 'antwoorden' };
}

/** The frequency table of the item's categories, or null when it has none. Hidden answers count: their category is not their text. */
export function openCodesTable(i: OpenItemAnswers, number: number, percentDecimals: number): Table | null {
  if (i.categories.length === 0) return null;
  const counts = new Map<number, number>();
  let uncoded = 0;
  for (const a of i.answers) {
    if (a.categoryId === null) uncoded += 1;
    else counts.set(a.categoryId, (counts.get(a.categoryId) ?? 0) + 1);
  }
  const table = frequencyRows(
    [
      ...i.categories.map((c) => ({ kind: 'option' as const, value: null, label: c.label, count: counts.get(c.id) ?? 0 })),
      { kind: 'nonResponse' as const, value: null, label: 'Nog niet ingedeeld', count: uncoded },
    ],
    percentDecimals,
  );
  const u = unit(i);
  return {
    id: `open-codes-${i.item.key}`,
    title: `Tabel ${number}. Indeling van de ${u.many}: ${openItemTitle(i.item)}`,
    code: i.item.key,
    columns: FREQUENCY_COLUMNS,
    groups: [{ label: null, rows: frequencyTableRows(table.rows, table.total, percentDecimals) }],
    notes: [`Indeling door de onderzoeker; elk ${u.one} valt in hoogstens één categorie. Afgeschermde antwoorden tellen mee.`],
    footnotes: {},
  };
}

/**
 * The answers of an item as a table: one row per shown answer, grouped by category when coded. With
 * `limit`, only the first `limit` answers in hash order (a random sample) and a note saying so.
 */
export function openAnswersTable(i: OpenItemAnswers, number: number, limit?: number): Table {
  const shown = i.answers.filter((a) => !a.hidden);
  const hidden = i.answers.length - shown.length;
  const listed = limit !== undefined && shown.length > limit ? shown.slice(0, limit) : shown;
  const row = (a: OpenAnswer): Row => ({ cells: [{ value: a.text }] });
  const groups: RowGroup[] =
    i.categories.length === 0
      ? [{ label: null, rows: listed.map(row) }]
      : [...i.categories.map((c) => ({ id: c.id as number | null, label: c.label })), { id: null, label: 'Nog niet ingedeeld' }]
          .map((c) => ({ label: c.label, rows: listed.filter((a) => a.categoryId === c.id).map(row) }))
          .filter((g) => g.rows.length > 0);
  const u = unit(i);
  const notes = [
    `${formatCount(shown.length)} ${shown.length === 1 ? u.one : u.many}, in willekeurige volgorde (niet de volgorde van binnenkomst) en los van de andere antwoorden van dezelfde respondent.`,
    ...(hidden > 0 ? [`${formatCount(hidden)} ${hidden === 1 ? u.one : u.many} afgeschermd door de onderzoeker.`] : []),
    ...(listed.length < shown.length ? [`Hier de eerste ${formatCount(listed.length)} in deze willekeurige volgorde; alle antwoorden staan in de werkmap (XLSX).`] : []),
    "Namen en andere herkenbare gegevens zijn waar nodig door de onderzoeker vervangen door een aanduiding zoals [naam].",
  ];
  return {
    id: `open-answers-${i.item.key}`,
    title: `Tabel ${number}. ${u.many.charAt(0).toUpperCase()}${u.many.slice(1)}: ${openItemTitle(i.item)}`,
    code: i.item.key,
    columns: [{ label: 'Antwoord', numeric: false, prose: true }],
    groups,
    notes,
    footnotes: {},
  };
}
