/**
 * From an analysis report and the response rates to what the results pages print: the tables built
 * once as data (domain/analysis/tables, also rendered by the workbook) in the page's form
 * (tableView.ts), the charts (charts.ts) and the facts about the wave. The templates only place these,
 * so the results page, the printable report and the tests all see the same digits.
 */
import type { Wave } from '../../../db/database.js';
import { resultsTables } from '../../../domain/analysis/tables/index.js';
import { cellText } from '../../../domain/analysis/tables/model.js';
import { ratesTables } from '../../../domain/analysis/tables/rates.js';
import type { Report } from '../../../domain/analysis/types.js';
import type { WaveRates } from '../../../domain/fieldwork/responseRates.js';
import { waveState } from '../../../domain/fieldwork/waveState.js';
import { formatCount, formatDutchDate } from '../../../domain/format/nl.js';
import type { Questionnaire } from '../../../domain/questionnaire/normalize.js';
import { breakdownCharts, responseCurve, scoreChart, type ChartView } from './charts.js';
import { pageTable, type TableView } from './tableView.js';

export const stateLabels = { scheduled: 'gepland', open: 'open', closed: 'gesloten' } as const;

export interface WaveHeader {
  id: string;
  title: string;
  house: string;
  questionnaire: string;
  version: string;
  period: string;
  state: string;
  anonymous: boolean;
  minCellSize: number;
}

/** The facts about a wave that head every results page. */
export function waveHeader(wave: Wave, questionnaire: Questionnaire, now: Date): WaveHeader {
  return {
    id: wave.id,
    title: wave.title,
    house: wave.house,
    questionnaire: questionnaire.title,
    version: wave.questionnaire_version,
    period: `${formatDutchDate(wave.opens_at)} – ${formatDutchDate(wave.closes_at)}`,
    state: stateLabels[waveState(wave, now)],
    anonymous: wave.anonymous === 1,
    minCellSize: wave.min_cell_size,
  };
}

export interface RatesView {
  /** RR1 as the report's cover gives it: "48,0 % (73 / 152)". */
  rr1: string;
  facts: TableView;
  dispositions: TableView;
  rounds: TableView | null;
  days: TableView | null;
  /** The non-response breakdowns by list attribute. */
  attributes: TableView[];
  curve: ChartView;
}

/**
 * `present(value, idPrefix)` worked out once per value and prefix: the results service hands out the
 * same report and rates objects for a closed wave until its data change (then new objects), so the
 * page of a closed wave is laid out once; nothing in a view depends on who looks at it.
 */
function memoized<T extends object, V>(present: (value: T, idPrefix: string) => V): (value: T, idPrefix: string) => V {
  const views = new WeakMap<T, Map<string, V>>();
  return (value, idPrefix) => {
    let byPrefix = views.get(value);
    if (!byPrefix) views.set(value, (byPrefix = new Map()));
    let view = byPrefix.get(idPrefix);
    if (view === undefined) byPrefix.set(idPrefix, (view = present(value, idPrefix)));
    return view;
  };
}

/** The response panel: rates with formulas, dispositions, rounds, days, non-response breakdowns and the cumulative curve. */
export const presentRates = memoized((rates: WaveRates, idPrefix: string): RatesView => {
  const tables = new Map(ratesTables(rates).map((t) => [t.id, t]));
  const view = (id: string, className = '') => {
    const t = tables.get(id);
    return t ? pageTable(t, className) : null;
  };
  const facts = tables.get('rates')!;
  return {
    rr1: cellText(facts.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Respons RR1')!.cells[1]!),
    facts: pageTable(facts, 'facts-table'),
    dispositions: view('dispositions')!,
    rounds: view('rounds'),
    days: view('days'),
    attributes: rates.breakdowns.map((b) => view(`rates-${b.attribute}`, 'compact')!),
    curve: responseCurve(rates, idPrefix),
  };
});

export interface ResultsView {
  n: string;
  nValue: number;
  hasAspects: boolean;
  minCellSize: number;
  reliability: TableView;
  scores: TableView;
  scoreChart: ChartView | null;
  breakdowns: TableView | null;
  breakdownCharts: Array<{ overallChart: ChartView; aspectChart: ChartView }>;
  items: TableView;
  /** Per question its table(s). */
  questions: TableView[][];
  notes: string[];
  warnings: string[];
}

/** Everything the results page and the printable report show of the analysis. */
export const presentReport = memoized((report: Report, idPrefix: string): ResultsView => {
  const hasAspects = report.scales.length > 0;
  const withData = hasAspects && report.n > 0;
  const tables = resultsTables(report);
  return {
    n: formatCount(report.n),
    nValue: report.n,
    hasAspects,
    minCellSize: report.settings.minCellSize,
    reliability: pageTable(tables.reliability),
    scores: pageTable(tables.scores),
    scoreChart: withData ? scoreChart(report, idPrefix) : null,
    breakdowns: withData && tables.breakdowns ? pageTable(tables.breakdowns, 'breakdown') : null,
    breakdownCharts: withData ? breakdownCharts(report, idPrefix) : [],
    items: pageTable(tables.items, 'items'),
    questions: tables.questions.map((q) => q.map((t) => pageTable(t, t.columns.filter((c) => !c.detail).length > 4 ? 'freq wide' : 'freq'))),
    notes: report.notes,
    warnings: report.warnings.map((w) => w.message),
  };
});
