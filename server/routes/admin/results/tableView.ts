/**
 * A results table (domain/analysis/tables) as the page renders it with views/pages/admin/results/_table.eta:
 * the workbook-only columns left out, every cell's Dutch text made, footnote marks and cell n kept.
 */
import { cellText, type Cell, type Mark, type Table } from '../../../domain/analysis/tables/model.js';
import { formatCount } from '../../../domain/format/nl.js';

export type { Mark } from '../../../domain/analysis/tables/model.js';

export interface CellView {
  text: string;
  mark: Mark | null;
  /** The number of scores behind the value, when it differs from the row's n. */
  n: string | null;
}

export interface TableCellView extends CellView {
  code: string | null;
  remark: string | null;
  lines: string[] | null;
  /** The two ends of a range column's period ("1 december 2026 –", "15 januari 2027"), each kept on one line; null otherwise. */
  ends: [string, string] | null;
  /** A row header (th scope=row). */
  header: boolean;
  /** The td's classes. */
  className: string;
}

export interface TableView {
  id: string;
  title: string;
  code: string | null;
  /** Classes of the <table> element. */
  className: string;
  columns: Array<{ label: string; numeric: boolean; sideways: boolean }>;
  groups: Array<{ label: string | null; rows: Array<{ className: string; cells: TableCellView[]; note: string | null }> }>;
  notes: string[];
  footnotes: Array<{ mark: Mark; text: string }>;
}

/** A range's text split after its dash ("a – b" → ["a –", "b"]), or null when it has no single dash. */
function rangeEnds(text: string): [string, string] | null {
  const parts = text.split(' – ');
  return parts.length === 2 ? [`${parts[0]} –`, parts[1]!] : null;
}

function cellView(cell: Cell, column: Table['columns'][number]): TableCellView {
  const classes = [column.numeric ? 'num' : '', column.nowrap ? 'nowrap' : '', column.prose ? 'prose' : ''].filter(Boolean);
  const text = cell.mark ? cellText({ value: null }) : cellText(cell);
  return {
    text,
    ends: column.range && !cell.mark ? rangeEnds(text) : null,
    mark: cell.mark ?? null,
    n: cell.n === undefined ? null : formatCount(cell.n),
    code: cell.code ?? null,
    remark: cell.remark ?? null,
    lines: cell.lines ?? null,
    header: column.header === true,
    className: classes.join(' '),
  };
}

/** The page's view of a table; `className` styles the <table> (breakdown, items, freq, …). */
export function pageTable(table: Table, className = ''): TableView {
  const shown = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => !c.detail);
  return {
    id: table.id,
    title: table.title,
    code: table.code ?? null,
    className,
    columns: shown.map(({ c }) => ({ label: c.label, numeric: c.numeric, sideways: c.sideways === true })),
    groups: table.groups.map((g) => ({
      label: g.label,
      rows: g.rows.map((r) => ({
        className: [r.kind === 'total' ? 'total-row' : r.kind === 'missing' ? 'missing-row' : '', r.suppressed ? 'suppressed' : ''].filter(Boolean).join(' '),
        cells: shown.map(({ c, i }) => cellView(r.cells[i]!, c)),
        note: r.note ?? null,
      })),
    })),
    notes: table.notes,
    footnotes: (Object.entries(table.footnotes) as Array<[Mark, string]>).map(([mark, text]) => ({ mark, text })),
  };
}
