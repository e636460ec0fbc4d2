/**
 * From an analysis report and the response rates to what the results pages print: the tables built
 * once as data (domain/analysis/tables, also rendered by the workbook) in the page's form
 * (tableView.ts), the charts (charts.ts) and the facts about the wave. The templates only place these,
 * so the results page, the printable report and the tests all see the same digits.
 */
import type { Wave } from '../../../db/database.js';
import { distributions } from '../../../domain/analysis/distribution.js';
import { resultsTables } from '../../../domain/analysis/tables/index.js';
import { cellText } from '../../../domain/analysis/tables/model.js';
import { ratesTables } from '../../../domain/analysis/tables/rates.js';
import { summaryTable, type SummaryInput } from '../../../domain/analysis/tables/summary.js';
import type { Report } from '../../../domain/analysis/types.js';
import type { WaveRates } from '../../../domain/fieldwork/responseRates.js';
import { waveStateLabel } from '../../../domain/fieldwork/waveState.js';
import { formatCount, formatDecimal, formatDutchDate, formatSigned } from '../../../domain/format/nl.js';
import type { OpenItemAnswers } from '../../../domain/openAnswers/collect.js';
import type { Questionnaire } from '../../../domain/questionnaire/normalize.js';
import { breakdownCharts, distributionChart, responseCurve, scaleAxisLabel, scoreChart, type ChartView } from './charts.js';
import { pageTable, type TableView } from './tableView.js';


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
  /** A test round ("Testronde"). */
  test: boolean;
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
    state: waveStateLabel(wave, now),
    anonymous: wave.anonymous === 1,
    minCellSize: wave.min_cell_size,
    test: wave.is_test === 1,
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
 * `present(value, idPrefix, extra)` worked out once per value, prefix and extra (by identity): the
 * results service hands out the same report, open answers and rates objects for a closed wave until
 * its data change (then new objects), so the page of a closed wave is laid out once. Only what every
 * reader of the wave sees alike goes through here; the summary, whose comparisons depend on the
 * waves the user may read, is laid out per request (presentReport).
 */
function memoized<T extends object, V, E = undefined>(present: (value: T, idPrefix: string, extra?: E) => V): (value: T, idPrefix: string, extra?: E) => V {
  const views = new WeakMap<T, Map<string, { extra: E | undefined; view: V }>>();
  return (value, idPrefix, extra) => {
    let byPrefix = views.get(value);
    if (!byPrefix) views.set(value, (byPrefix = new Map()));
    const seen = byPrefix.get(idPrefix);
    if (seen && seen.extra === extra) return seen.view;
    const view = present(value, idPrefix, extra);
    byPrefix.set(idPrefix, { extra, view });
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
  /** The summary table (scores with intervals, previous wave, all houses), when the questionnaire has aspects. */
  summary: TableView | null;
  /** Short findings for the summary: highest and lowest aspect, the change since the previous wave. */
  findings: string[];
  reliability: TableView;
  itemReliability: TableView;
  scores: TableView;
  thresholds: TableView;
  scoreChart: ChartView | null;
  /** Per aspect the answer distribution: its chart and its table, kept together. */
  distributions: Array<{ chart: ChartView; table: TableView }>;
  breakdowns: TableView | null;
  breakdownCharts: Array<{ overallChart: ChartView; aspectChart: ChartView }>;
  items: TableView;
  /** Per question its table(s). */
  questions: TableView[][];
  /** Per open item with answers: the frequency table of its categories (when coded) and its answers. */
  openAnswers: Array<{ key: string; codes: TableView | null; answers: TableView }>;
  /** Whether the open answers are withheld (the rule for respondent-level data). */
  openAnswersWithheld: boolean;
  notes: string[];
  warnings: string[];
}

/** What the summary and the open answers add to the report's own tables. */
export interface ResultsExtra {
  summary?: Omit<SummaryInput, 'report'>;
  /** The open answers in the reader view; null when withheld. */
  openAnswers: readonly OpenItemAnswers[] | null;
}

/** The most answers an open-answer table lists on the page and in the printed report (the workbook lists all). */
export const OPEN_ANSWERS_ON_PAGE = 250;

/** Highest and lowest aspect, and the overall change since the previous wave, in words. */
function findings(report: Report, extra: ResultsExtra, axis: string): string[] {
  const scored = report.scales.filter((s) => s.scoreMean !== null);
  if (scored.length < 2) return [];
  const sorted = [...scored].sort((a, b) => b.scoreMean! - a.scoreMean!);
  const high = sorted[0]!;
  const low = sorted[sorted.length - 1]!;
  const out = [
    `Hoogste score: ${high.label.toLowerCase()} (${formatDecimal(high.scoreMean, 2)}); laagste: ${low.label.toLowerCase()} (${formatDecimal(low.scoreMean, 2)}), op de schaal ${axis}.`,
  ];
  const previous = extra.summary?.previous;
  if (previous && previous.comparison.overall.difference !== null)
    out.push(
      `Alle aspecten samen: ${formatDecimal(report.overall.mean, 2)}, tegen ${formatDecimal(previous.comparison.overall.other.mean, 2)} in de vorige ronde (verschil ${formatSigned(previous.comparison.overall.difference, 2)}).`,
    );
  return out;
}

/** The view of the report and the open answers, alike for every reader of the wave: everything but the summary and its findings. */
const presentReportBody = memoized((report: Report, idPrefix: string, openAnswers?: readonly OpenItemAnswers[] | null): Omit<ResultsView, 'summary' | 'findings'> => {
  const hasAspects = report.scales.length > 0;
  const withData = hasAspects && report.n > 0;
  const tables = resultsTables(report, { ...(openAnswers ? { openAnswers } : {}), openAnswerLimit: OPEN_ANSWERS_ON_PAGE });
  const groups = distributions(report);
  return {
    n: formatCount(report.n),
    nValue: report.n,
    hasAspects,
    minCellSize: report.settings.minCellSize,
    reliability: pageTable(tables.reliability),
    itemReliability: pageTable(tables.itemReliability, 'items'),
    scores: pageTable(tables.scores),
    thresholds: pageTable(tables.thresholds, 'compact'),
    scoreChart: withData ? scoreChart(report, idPrefix) : null,
    distributions: report.n > 0
      ? tables.distributions.map((t, i) => ({
          table: pageTable(t, 'distribution'),
          chart: distributionChart(groups[i]!, t.title.replace(/\..*$/, '').toLowerCase(), report.settings.percentDecimals, idPrefix),
        }))
      : [],
    breakdowns: withData && tables.breakdowns ? pageTable(tables.breakdowns, 'breakdown') : null,
    breakdownCharts: withData ? breakdownCharts(report, idPrefix) : [],
    items: pageTable(tables.items, 'items'),
    questions: tables.questions.map((q) => q.map((t) => pageTable(t, t.columns.filter((c) => !c.detail).length > 4 ? 'freq wide' : 'freq'))),
    openAnswers: tables.openAnswers.map((o) => ({ key: o.key, codes: o.codes ? pageTable(o.codes, 'freq') : null, answers: pageTable(o.answers, 'open-answers') })),
    openAnswersWithheld: !openAnswers,
    notes: report.notes,
    warnings: report.warnings.map((w) => w.message),
  };
});

/** Everything the results page and the printable report show of the analysis. */
export function presentReport(report: Report, idPrefix: string, extra: ResultsExtra = { openAnswers: null }): ResultsView {
  const body = presentReportBody(report, idPrefix, extra.openAnswers);
  const summary = body.hasAspects && extra.summary ? summaryTable({ report, ...extra.summary }) : null;
  const axis = scaleAxisLabel(report);
  return {
    ...body,
    summary: summary ? pageTable(summary, 'summary-table') : null,
    findings: body.hasAspects && report.n > 0 ? findings(report, extra, `${axis.domain[0]} tot ${axis.domain[1]}`) : [],
  };
}

/**
 * The stylesheet of a wave's printed report: the running header (house, wave, period) in the page's
 * top margin. The text is a CSS string with every character outside plain letters, digits and a few
 * safe marks written as a hex escape, so nothing a researcher typed can end the string or the rule.
 */
export function runningHeaderCss(header: string): string {
  const escaped = [...header].map((ch) => (/[A-Za-z0-9 ,.:()–·-]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16).padStart(6, '0')}`)).join('');
  return `@page { @top-left { content: "${escaped}"; } }\n@page :first { @top-left { content: none; } }\n`;
}

/** A section of the results page and the printed report: its anchor and its heading. */
export interface Section {
  id: string;
  label: string;
}

/** The sections present, in page order, for the in-page navigation and the report's table of contents. */
export function sections(view: { rates: RatesView | null; results: ResultsView; withheld: boolean }, prefix: string): Section[] {
  const r = view.results;
  const data = r.nValue > 0 && !view.withheld;
  const list: Array<[string, string, boolean]> = [
    ['samenvatting', 'Samenvatting', true],
    ['respons', 'Respons', view.rates !== null],
    ['scores', 'Scores per aspect', data && r.hasAspects],
    ['verdeling', 'Verdeling van de antwoorden', data && r.distributions.length > 0],
    ['betrouwbaarheid', 'Betrouwbaarheid', data && r.hasAspects],
    ['groepen', 'Scores naar groep', data && r.breakdowns !== null],
    ['uitspraken', 'Uitspraken', data && r.hasAspects],
    ['frequenties', 'Frequentietabellen', data && r.questions.length > 0],
    ['open', 'Open antwoorden', data && (r.openAnswers.length > 0 || r.openAnswersWithheld)],
    ['verantwoording', 'Verantwoording', data],
  ];
  return list.filter(([, , shown]) => shown).map(([id, label]) => ({ id: `${prefix}-${id}`, label }));
}
