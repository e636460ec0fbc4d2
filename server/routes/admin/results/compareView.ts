/** The comparison tables (domain/analysis/tables/compare.ts) and charts as the compare page prints them. */
import { benchmarkTable, pooledWavesTable, roundBenchmarkTable, waveComparisonTable } from '../../../domain/analysis/tables/compare.js';
import { barChart } from '../../../domain/charts/barChart.js';
import type { HouseComparison } from '../../../domain/compare/houses.js';
import type { WaveComparison } from '../../../domain/compare/waves.js';
import type { Axis, ChartView } from './charts.js';
import { pageTable, type TableView } from './tableView.js';

export interface WaveComparisonView {
  table: TableView;
  chart: ChartView;
}

function chart(id: string, title: string, description: string, series: string[], categories: Array<{ label: string; values: Array<number | null> }>, axis: Axis): ChartView {
  return { id, title, svg: barChart({ id, title, description, series, categories, domain: axis.domain, axisLabel: axis.label }) };
}

/** This wave against another wave: per aspect mean with interval, n and the difference with its interval, and a grouped bar chart. */
export function presentWaveComparison(c: WaveComparison, currentLabel: string, otherLabel: string, axis: Axis, idPrefix: string): WaveComparisonView {
  const all = [...c.rows, c.overall];
  const title = `Gemiddelde score per aspect: ${currentLabel} en ${otherLabel}`;
  return {
    table: pageTable(waveComparisonTable(c, currentLabel, otherLabel), 'compare'),
    chart: chart(
      `${idPrefix}-waves`,
      title,
      `Gegroepeerd staafdiagram: per aspect een staaf per ronde, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.`,
      [currentLabel, otherLabel],
      all.map((r) => ({ label: r.label, values: [r.current.mean, r.other.mean] })),
      axis,
    ),
  };
}

export interface HouseComparisonView {
  table: TableView;
  waves: TableView;
  chart: ChartView;
}

/** This house against the benchmark of the other houses, the list of the pooled waves (with each house's means for who may see them), and a chart. */
export function presentHouseComparison(h: HouseComparison, house: string, axis: Axis, idPrefix: string, perHouse: boolean): HouseComparisonView {
  const all = [...h.rows, h.overall];
  return {
    table: pageTable(benchmarkTable(h, house), 'compare'),
    waves: pageTable(pooledWavesTable(h, h.rows, perHouse), 'pooled'),
    chart: chart(
      `${idPrefix}-houses`,
      `Gemiddelde score per aspect: ${house} en de andere huizen`,
      `Gegroepeerd staafdiagram: per aspect dit huis en het gepoolde gemiddelde van de andere huizen, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.`,
      [house, 'Andere huizen (gepoold)'],
      all.map((r) => ({ label: r.label, values: [r.current.mean, r.reference.mean] })),
      axis,
    ),
  };
}

/** A national round's own benchmark and the list of the waves it pools (each house's means for who may see them). */
export function presentRoundBenchmark(h: HouseComparison, perHouse: boolean): { table: TableView; waves: TableView } {
  return {
    table: pageTable(roundBenchmarkTable(h), 'compare'),
    waves: pageTable(
      pooledWavesTable(h, h.rows, perHouse, {
        title: 'De rondes in de benchmark van de landelijke ronde',
        which: 'Per huis de ronde van deze landelijke ronde, zodra die gesloten is en antwoorden heeft; open rondes en concepten tellen nooit mee.',
        waveColumn: false,
      }),
      'pooled',
    ),
  };
}
