/**
 * Tabel 7.3: mean aspect scores by group, with n per row and small or derivable cells suppressed
 * ("–" with footnote mark a or b). One table per background variable (the workbook's sheets) and
 * all of them as one table with a group each (the results page).
 */
import type { Breakdown, BreakdownCell, Report } from '../types.js';
import { COUNT, decimals, hidden, marksUsed, num, text, type Cell, type Mark, type Row, type RowGroup, type Table } from './model.js';

const TWO = decimals(2);

/** The footnote text of each mark, for a table with the given minimum cell size. */
export function footnotes(minimum: number): Record<Mark, string> {
  return {
    a: `– niet getoond: minder dan ${minimum} respondenten.`,
    b: `– niet getoond: aanvullend onderdrukt, zodat een kleine groep niet uit het totaal en de andere groepen terug te rekenen is.`,
  };
}

/** The footnotes of the marks a table uses. */
export function usedFootnotes(groups: readonly RowGroup[], minimum: number): Partial<Record<Mark, string>> {
  const all = footnotes(minimum);
  return Object.fromEntries([...marksUsed(groups)].sort().map((m) => [m, all[m]]));
}

/** The mark of a hidden value: small when its own n is below the minimum, otherwise complementary. */
function markFor(n: number, minimum: number): Mark {
  return n < minimum ? 'a' : 'b';
}

/** A mean with the number of scores behind it when that differs from the row's n. */
function mean(value: number | null, n: number, rowN: number): Cell {
  return { ...num(value, TWO), ...(n !== rowN ? { n } : {}) };
}

function scoreCell(cell: BreakdownCell, id: string, minimum: number): Cell {
  if (cell.suppressed) return hidden(cell.suppression === 'small' ? 'a' : 'b');
  const n = id === 'overall' ? cell.overallN : (cell.scoreN[id] ?? 0);
  if (cell.suppressedScores.includes(id)) return hidden(markFor(n, minimum));
  return mean(id === 'overall' ? cell.overall : (cell.scores[id] ?? null), n, cell.n);
}

/** The score columns: one per aspect and the overall score. */
function scoreIds(report: Report): string[] {
  return [...report.scales.map((s) => s.id), 'overall'];
}

/** The rows of one background variable: its groups with respondents (empty groups are left out). */
function groupOf(report: Report, b: Breakdown): RowGroup {
  const minimum = report.settings.minCellSize;
  return {
    label: b.label,
    rows: b.cells
      .filter((c) => c.n > 0)
      .map((c): Row => ({
        cells: [text(c.value), num(c.n, COUNT), ...scoreIds(report).map((id) => scoreCell(c, id, minimum))],
        ...(c.suppressed ? { suppressed: true } : {}),
      })),
  };
}

/** The whole sample (the same for every background variable). */
function totalGroup(report: Report, b: Breakdown): RowGroup {
  const t = b.total;
  const cells = scoreIds(report).map((id) =>
    id === 'overall' ? mean(t.overall, t.overallN, t.n) : mean(t.scores[id] ?? null, t.scoreN[id] ?? 0, t.n),
  );
  return { label: null, rows: [{ cells: [text('Totaal'), num(t.n, COUNT), ...cells], kind: 'total' }] };
}

function table(report: Report, number: number, breakdowns: Breakdown[], id: string): Table {
  const groups = [...breakdowns.map((b) => groupOf(report, b)), totalGroup(report, breakdowns[0]!)];
  return {
    id,
    title: `Tabel ${number}. Gemiddelde score per aspect naar ${breakdowns.map((b) => b.label.toLowerCase()).join(', ')} (vgl. Tabel 7.3)`,
    columns: [
      { label: 'Groep', numeric: false, header: true },
      { label: 'n', numeric: true },
      ...report.scales.map((s) => ({ label: s.label, numeric: true })),
      { label: 'Alle aspecten', numeric: true },
    ],
    groups,
    notes: [
      "n = aantal ingevulde vragenlijsten in de groep. Staat er in een cel een andere n, dan hadden minder respondenten in die groep een score voor dat aspect. Groepen zonder respondenten zijn weggelaten. Scores zijn berekend zoals onder 'Hoe de scores berekend zijn'.",
      ...breakdowns.map((b) => `${b.label}: ${b.note}`),
    ],
    footnotes: usedFootnotes(groups, report.settings.minCellSize),
  };
}

/** Every breakdown in one table, a group of rows per background variable; null without breakdowns. */
export function breakdownTable(report: Report, number: number): Table | null {
  return report.breakdowns.length ? table(report, number, report.breakdowns, 'breakdowns') : null;
}

/** One table per background variable. */
export function breakdownTables(report: Report, number: number): Table[] {
  return report.breakdowns.map((b) => table(report, number, [b], `breakdown-${b.variable}`));
}
