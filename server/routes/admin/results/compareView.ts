/** The comparison tables and charts as the compare page prints them (Dutch numbers, "–" with footnote marks). */
import { barChart } from '../../../domain/charts/barChart.js';
import { DASH, formatCount, formatDecimal, formatSigned } from '../../../domain/format/nl.js';
import type { HouseCell, HouseComparison } from '../../../domain/compare/houses.js';
import type { WaveComparison } from '../../../domain/compare/waves.js';
import type { Axis, ChartView } from './charts.js';
import type { CellView, Mark } from './tableView.js';

export interface WaveComparisonView {
  rows: Array<{ label: string; current: string; currentN: string; other: string; otherN: string; difference: string }>;
  currentN: string;
  otherN: string;
  chart: ChartView;
}

/** This wave against another wave: per aspect mean, n and difference, with a grouped bar chart. */
export function presentWaveComparison(c: WaveComparison, currentLabel: string, otherLabel: string, axis: Axis, idPrefix: string): WaveComparisonView {
  const all = [...c.rows, c.overall];
  const id = `${idPrefix}-waves`;
  const title = `Gemiddelde score per aspect: ${currentLabel} en ${otherLabel}`;
  return {
    rows: all.map((r) => ({
      label: r.label,
      current: formatDecimal(r.current.mean, 2),
      currentN: formatCount(r.current.n),
      other: formatDecimal(r.other.mean, 2),
      otherN: formatCount(r.other.n),
      difference: formatSigned(r.difference, 2),
    })),
    currentN: formatCount(c.current.n),
    otherN: formatCount(c.other.n),
    chart: {
      id,
      title,
      svg: barChart({
        id,
        title,
        description: `Gegroepeerd staafdiagram: per aspect een staaf per ronde, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.`,
        series: [currentLabel, otherLabel],
        categories: all.map((r) => ({ label: r.label, values: [r.current.mean, r.other.mean] })),
        domain: axis.domain,
        axisLabel: axis.label,
      }),
    },
  };
}

export interface HouseComparisonView {
  rows: Array<{ label: string; current: string; currentN: string; reference: CellView; referenceN: string; houses: string; difference: string }>;
  columns: string[];
  table: Array<{ house: string; wave: string; current: boolean; n: string; cells: CellView[] }>;
  definition: string;
  chart: ChartView;
  anyMark: Record<Mark, boolean>;
}

function houseCell(cell: HouseCell, rowN: number): CellView {
  if (cell.suppression !== null) return { text: DASH, mark: cell.suppression === 'small' ? 'a' : 'b', n: null };
  return { text: formatDecimal(cell.mean, 2), mark: null, n: cell.n !== rowN ? formatCount(cell.n) : null };
}

/** This house against the pooled mean of all houses, and every house in a table with suppression. */
export function presentHouseComparison(h: HouseComparison, currentLabel: string, axis: Axis, idPrefix: string): HouseComparisonView {
  const all = [...h.rows, h.overall];
  const anyMark = { a: false, b: false };
  const table = h.table.map((row) => {
    const cells = [...h.rows.map((r) => houseCell(row.aspects[r.id]!, row.n)), houseCell(row.overall, row.n)];
    for (const c of cells) if (c.mark) anyMark[c.mark] = true;
    return { house: row.house, wave: row.wave, current: row.current, n: formatCount(row.n), cells };
  });
  const rows = all.map((r) => {
    const reference: CellView = r.reference.suppressed ? { text: DASH, mark: 'b', n: null } : { text: formatDecimal(r.reference.mean, 2), mark: null, n: null };
    if (reference.mark) anyMark.b = true;
    return {
      label: r.label,
      current: formatDecimal(r.current.mean, 2),
      currentN: formatCount(r.current.n),
      reference,
      referenceN: formatCount(r.reference.n),
      houses: formatCount(r.reference.houses),
      difference: formatSigned(r.difference, 2),
    };
  });
  const id = `${idPrefix}-houses`;
  const title = `Gemiddelde score per aspect: ${currentLabel} en het gemiddelde van alle huizen`;
  return {
    rows,
    columns: [...h.rows.map((r) => r.label), 'Alle aspecten'],
    table,
    definition: h.definition,
    anyMark,
    chart: {
      id,
      title,
      svg: barChart({
        id,
        title,
        description: `Gegroepeerd staafdiagram: per aspect dit huis en het gepoolde gemiddelde van alle vergeleken huizen, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.`,
        series: [currentLabel, 'Alle huizen (gepoold)'],
        categories: all.map((r) => ({ label: r.label, values: [r.current.mean, r.reference.suppressed ? null : r.reference.mean] })),
        domain: axis.domain,
        axisLabel: axis.label,
      }),
    },
  };
}
