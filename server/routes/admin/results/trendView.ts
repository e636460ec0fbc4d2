/** The trend page's tables (the one table model) and charts: per aspect the house's waves and the national trend by year. */
import { TEST_WAVE_LABEL } from '../../../domain/fieldwork/testWave.js';
import { COUNT, decimals, num, text, type Cell, type Row, type Table } from '../../../domain/analysis/tables/model.js';
import { trendChart } from '../../../domain/charts/trendChart.js';
import { waveStateLabels } from '../../../domain/fieldwork/waveState.js';
import { formatInterval } from '../../../domain/format/nl.js';
import type { Trend, TrendPointData } from '../../../services/trends.js';
import type { Axis, ChartView } from './charts.js';
import { pageTable, type TableView } from './tableView.js';

const TWO = decimals(2);

function meanCell(p: TrendPointData): Cell {
  if (p.mean === null) return { value: null, ...(p.reason ? { remark: p.reason } : {}) };
  return { ...num(p.mean, TWO, p.interval ? ` ${formatInterval(p.interval, 2)}` : undefined), n: p.n };
}

/** The house's waves, per aspect the mean with its interval and n. */
export function houseTrendTable(t: Trend): Table {
  const rows: Row[] = t.houseWaves.map((w) => ({
    cells: [text(`${w.title}${w.test ? ` (${TEST_WAVE_LABEL})` : ''}${w.id === t.wave.id ? ' (deze ronde)' : ''}`), text(w.period), text(waveStateLabels[w.state]), num(w.responses, COUNT), ...t.aspects.map((a) => meanCell(w.points[a.id]!))],
  }));
  return {
    id: 'trend-house',
    title: `Gemiddelde score per aspect per ronde: ${t.wave.house}`,
    columns: [
      { label: 'Ronde', numeric: false, header: true },
      { label: 'Periode', numeric: false, nowrap: true },
      { label: 'Status', numeric: false },
      { label: 'n', numeric: true },
      ...t.aspects.map((a) => ({ label: a.label, numeric: true, nowrap: true })),
    ],
    groups: [{ label: null, rows }],
    notes: [
      'Alle rondes van dit huis met een vergelijkbare vragenlijst. Tussen haken het 95%-interval van het gemiddelde; n = respondenten met een score. ' +
        'Een aspect dat in een andere vragenlijstversie anders gemeten is, of met te weinig respondenten, heeft daar geen punt.',
    ],
    footnotes: {},
  };
}

/** Per year the benchmark of every house (this one included). */
export function nationalTrendTable(t: Trend): Table {
  const rows: Row[] = t.national.map((y) => ({ cells: [text(y.year), num(y.houses, COUNT), ...t.aspects.map((a) => meanCell(y.points[a.id]!))] }));
  return {
    id: 'trend-national',
    title: 'Landelijk: gepoold gemiddelde van alle huizen per jaar',
    columns: [
      { label: 'Jaar', numeric: false, header: true },
      { label: 'Huizen', numeric: true },
      ...t.aspects.map((a) => ({ label: a.label, numeric: true, nowrap: true })),
    ],
    groups: [{ label: null, rows }],
    notes: [
      `Per jaar per huis de laatste gesloten ronde die dat jaar opende; alle respondenten tellen even zwaar. Een huis telt per aspect alleen mee met minstens ${t.minCellSize} respondenten met een score. ` +
        'Niet getoond waar het de cijfers van een afzonderlijk huis zou verraden dat u niet mag inzien.',
    ],
    footnotes: {},
  };
}

export interface TrendView {
  house: TableView;
  national: TableView;
  charts: ChartView[];
}

/** The trend page: both tables and per aspect a chart of the house (its latest wave per year) and the national trend. */
export function presentTrend(t: Trend, axis: Axis, idPrefix: string): TrendView {
  const years = [...new Set([...t.houseWaves.map((w) => w.year), ...t.national.map((y) => y.year)])].sort();
  const houseByYear = (year: string, id: string): TrendPointData | null => {
    const ws = t.houseWaves.filter((w) => w.year === year);
    return ws.length ? ws[ws.length - 1]!.points[id]! : null;
  };
  const asPoint = (p: TrendPointData | null | undefined) => ({ label: '', mean: p?.mean ?? null, interval: p?.interval ?? null, n: p && p.mean !== null ? p.n : null });
  const charts = t.aspects.map((a) => {
    const id = `${idPrefix}-trend-${a.id}`;
    const title = `Trend: ${a.label}`;
    return {
      id,
      title,
      svg: trendChart({
        id,
        title,
        description: `Lijndiagram van het gemiddelde van ${a.label} per jaar, met het 95%-interval als verticale streep en onder elk jaar n (dit huis/alle huizen): ${t.wave.house} (de laatste ronde van het jaar) en alle huizen samen. Dezelfde getallen staan in de tabellen.`,
        series: [
          { label: t.wave.house, points: years.map((y) => asPoint(houseByYear(y, a.id))) },
          { label: 'Alle huizen (gepoold)', points: years.map((y) => asPoint(t.national.find((x) => x.year === y)?.points[a.id])) },
        ],
        labels: years,
        domain: axis.domain,
        axisLabel: axis.label,
      }),
    };
  });
  return { house: pageTable(houseTrendTable(t), 'breakdown'), national: pageTable(nationalTrendTable(t), 'breakdown'), charts };
}
