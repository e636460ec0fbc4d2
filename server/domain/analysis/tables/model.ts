/**
 * A results table as data: built once from the analysis report (and the response rates), then rendered
 * by the results pages (views/pages/admin/results/_table.eta) and by the workbook (exports/xlsx.ts).
 * Because both renderers only place what is here, the page and the workbook show the same numbers,
 * labels and suppression marks. Numbers stay numbers (the workbook stores them as such); `cellText`
 * gives the Dutch text the page prints.
 */
import { DASH, formatCount, formatDecimal, formatFraction, formatPercent, formatSigned } from '../../format/nl.js';

/** Footnote marks: a = fewer respondents than the minimum, b = hidden so another hidden cell cannot be derived. */
export type Mark = 'a' | 'b';

/** How a number is written: a count (1.234), a mean (3,05), a difference (+0,12), a percentage (55 %) or a fraction as percentage (0.48 → 48,0 %). */
export type NumberFormat =
  | { kind: 'count' }
  | { kind: 'decimal'; decimals: number }
  | { kind: 'signed'; decimals: number }
  | { kind: 'percent'; decimals: number }
  | { kind: 'fraction'; decimals: number };

export interface Cell {
  /** A number, a text, or null for a value that is not there ("–"). */
  value: number | string | null;
  format?: NumberFormat;
  /** Text after the number (a unit, "(73 / 152)"). */
  suffix?: string;
  /** The value is suppressed (value null) for the reason this footnote gives. */
  mark?: Mark;
  /** The number of respondents behind the value, when it differs from the row's n. */
  n?: number;
  /** A list of texts (warnings) instead of one value. */
  lines?: string[];
  /** A row label's code, printed before it on the page (the workbook has a column for it). */
  code?: string;
  /** A remark printed after a row label on the page, e.g. "(omgekeerd geformuleerd)". */
  remark?: string;
}

export interface Column {
  label: string;
  /** Numbers: right-aligned. */
  numeric: boolean;
  /** The row labels: a header cell per row. */
  header?: boolean;
  /** Only in the workbook (codes, extra statistics): the page leaves it out to stay readable. */
  detail?: boolean;
  /** Keep on one line (intervals, "3 (25 %)"). */
  nowrap?: boolean;
  /** Sentences (an example statement): smaller print on the page. */
  prose?: boolean;
  /** A period "from – to": on the page each end stays on one line, the line breaks only after the dash. */
  range?: boolean;
  /** Short numbers under a long heading (an aspect's name): on the page the heading is set on its side so the column stays narrow. */
  sideways?: boolean;
}

export interface Row {
  cells: Cell[];
  kind?: 'total' | 'missing';
  /** Only the n of this row is shown. */
  suppressed?: boolean;
  /** A formula or explanation belonging to the row (under it on the page, beside it in the workbook). */
  note?: string;
}

export interface RowGroup {
  /** Printed as a row of its own above the rows; null for rows without a heading. */
  label: string | null;
  rows: Row[];
}

export interface Table {
  id: string;
  /** The caption ("Tabel 1. Betrouwbaarheid per aspect …"). */
  title: string;
  /** A question code printed after the title ("(Q15)"). */
  code?: string;
  columns: Column[];
  groups: RowGroup[];
  /** Explanations printed under the table, in order. */
  notes: string[];
  /** The text of each footnote mark used in the table. */
  footnotes: Partial<Record<Mark, string>>;
}

/** A number cell. */
export function num(value: number | null | undefined, format: NumberFormat, suffix?: string): Cell {
  return { value: value ?? null, format, ...(suffix ? { suffix } : {}) };
}

/** A text cell. */
export function text(value: string): Cell {
  return { value };
}

export const COUNT: NumberFormat = { kind: 'count' };

/** A mean or other statistic with this many decimals. */
export function decimals(d: number): NumberFormat {
  return { kind: 'decimal', decimals: d };
}

/** A difference with its sign (+0,12, −0,30) and this many decimals. */
export function signed(d: number): NumberFormat {
  return { kind: 'signed', decimals: d };
}

/** A percentage (already × 100) with this many decimals. */
export function percent(d: number): NumberFormat {
  return { kind: 'percent', decimals: d };
}

/** A suppressed value with its footnote mark. */
export function hidden(mark: Mark): Cell {
  return { value: null, mark };
}

/** A number as the page prints it. */
function formatNumberAs(value: number, format: NumberFormat): string {
  switch (format.kind) {
    case 'count':
      return formatCount(value);
    case 'decimal':
      return formatDecimal(value, format.decimals);
    case 'signed':
      return formatSigned(value, format.decimals);
    case 'percent':
      return formatPercent(value, format.decimals);
    case 'fraction':
      return formatFraction(value, format.decimals);
  }
}

/** The text of a cell as the page prints it (without its footnote mark and n). */
export function cellText(cell: Cell): string {
  if (cell.lines) return cell.lines.join(' ');
  if (cell.value === null) return DASH;
  if (typeof cell.value === 'string') return cell.value;
  const base = cell.format ? formatNumberAs(cell.value, cell.format) : String(cell.value);
  return base === DASH ? DASH : `${base}${cell.suffix ?? ''}`;
}

/** Every footnote mark used in the cells of a table's rows. */
export function marksUsed(groups: readonly RowGroup[]): Set<Mark> {
  const marks = new Set<Mark>();
  for (const g of groups) for (const r of g.rows) for (const c of r.cells) if (c.mark) marks.add(c.mark);
  return marks;
}
