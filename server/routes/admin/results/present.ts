/**
 * From an analysis report and the response rates to what the results pages print: every number
 * formatted the Dutch way, suppressed cells as "–" with their footnote mark, and the charts as SVG.
 * The templates only place these strings, so the results page, the printable report and the tests
 * all see the same digits.
 */
import type { Wave } from '../../../db/database.js';
import type { Breakdown, BreakdownCell, QuestionReport, Report, ScaleReport } from '../../../domain/analysis/types.js';
import { barChart } from '../../../domain/charts/barChart.js';
import {
  DASH,
  formatCount,
  formatDecimal,
  formatDutchDate,
  formatFraction,
  formatInterval,
  formatLongDay,
  formatPercent,
} from '../../../domain/format/nl.js';
import { cumulativeChart } from '../../../domain/charts/lineChart.js';
import type { WaveRates } from '../../../domain/fieldwork/responseRates.js';
import { waveState } from '../../../domain/fieldwork/waveState.js';
import type { Questionnaire } from '../../../domain/questionnaire/normalize.js';

/** Footnote marks: a = fewer respondents than the minimum, b = hidden so another hidden cell cannot be derived. */
export type Mark = 'a' | 'b';

export interface CellView {
  text: string;
  mark: Mark | null;
  /** The number of scores behind the value, when it differs from the row's n. */
  n: string | null;
}

export interface ChartView {
  id: string;
  title: string;
  svg: string;
}

export const stateLabels = { scheduled: 'gepland', open: 'open', closed: 'gesloten' } as const;

/** The mark of a hidden value: small when its own n is below the minimum, otherwise complementary. */
function markFor(n: number, minimum: number): Mark {
  return n < minimum ? 'a' : 'b';
}

/** The footnote text of each mark, for a table with the given minimum cell size. */
export function footnotes(minimum: number): Record<Mark, string> {
  return {
    a: `– niet getoond: minder dan ${minimum} respondenten.`,
    b: `– niet getoond: aanvullend onderdrukt, zodat een kleine groep niet uit het totaal en de andere groepen terug te rekenen is.`,
  };
}

const SCALE_AXIS = '1 = helemaal niet … 4 = volledig (gemiddelde score)';

/** The value axis of the score charts: the answer scale of the aspects' statements (1–4 for the Stappenmeter). */
export function scaleAxisLabel(report: Report): { domain: [number, number]; label: string } {
  const first = report.items.find((i) => i.aspect !== null);
  const options = first?.frequencies.filter((r) => r.kind === 'option' && r.value !== null) ?? [];
  if (options.length < 2) return { domain: [1, 4], label: SCALE_AXIS };
  const lo = options[0]!;
  const hi = options[options.length - 1]!;
  return { domain: [lo.value!, hi.value!], label: `${lo.value} = ${lo.label} … ${hi.value} = ${hi.label} (gemiddelde score)` };
}

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
  facts: Array<{ label: string; value: string; formula: string | null }>;
  dispositions: Array<{ label: string; aapor: string; persons: string }>;
  breakdowns: Array<{
    attribute: string;
    rows: Array<{ value: string; invited: string; ineligible: string; eligible: string; complete: CellView; rr1: CellView }>;
  }>;
  suppressionRule: string | null;
  curve: ChartView;
  /** Per mail round: when it started, how many were sent, the responses up to the next round. */
  rounds: Array<{ label: string; date: string; sent: string; before: string; during: string; cumulative: string }>;
  days: Array<{ date: string; responses: string; cumulative: string; marks: string }>;
}

function roundLabel(kind: 'invitation' | 'reminder', round: number): string {
  return kind === 'invitation' ? 'Uitnodiging' : `Herinnering ${round}`;
}

/** The response panel: rates with formulas, dispositions, non-response breakdowns and the cumulative curve. */
export function presentRates(rates: WaveRates, idPrefix: string): RatesView {
  const persons = rates.completePersons;
  const facts = [
    { label: 'Uitgenodigd (personen)', value: formatCount(rates.invited), formula: rates.formulas.invited },
    { label: 'Niet tot de doelgroep', value: formatCount(rates.ineligible), formula: null },
    { label: 'Doelgroep', value: formatCount(rates.eligible), formula: 'uitgenodigd − niet tot de doelgroep' },
    { label: 'Volledig ingevuld (personen)', value: formatCount(persons), formula: null },
    { label: 'Gedeeltelijk ingevuld (personen)', value: formatCount(rates.partialPersons), formula: null },
    {
      label: 'Responses (ingevulde vragenlijsten)',
      value: formatCount(rates.responses),
      formula: rates.responses > persons ? 'een persoon kan de vragenlijst voor meer dan één overleg invullen; de responspercentages tellen personen' : null,
    },
    { label: 'Respons RR1', value: `${formatFraction(rates.rr1)} (${formatCount(persons)} / ${formatCount(rates.eligible)})`, formula: rates.formulas.rr1 },
    {
      label: 'Respons RR2',
      value: `${formatFraction(rates.rr2)} (${formatCount(persons + rates.partialPersons)} / ${formatCount(rates.eligible)})`,
      formula: rates.formulas.rr2,
    },
  ];
  const minimum = rates.suppression.minCellSize;
  const breakdowns = rates.breakdowns.map((b) => ({
    attribute: b.attribute.charAt(0).toUpperCase() + b.attribute.slice(1),
    rows: b.cells.map((c) => ({
      value: c.value ?? 'Onbekend',
      invited: formatCount(c.invited),
      ineligible: formatCount(c.ineligible),
      eligible: formatCount(c.eligible),
      complete: c.suppressed ? { text: DASH, mark: 'a' as const, n: null } : { text: formatCount(c.complete), mark: null, n: null },
      rr1: c.suppressed ? { text: DASH, mark: 'a' as const, n: null } : { text: formatFraction(c.rr1), mark: null, n: null },
    })),
  }));

  const rounds = rates.rounds;
  const cumulativeOn = (day: string, inclusive: boolean) =>
    rates.daily.filter((d) => (inclusive ? d.date <= day : d.date < day)).reduce((a, d) => a + d.responses, 0);
  const total = rates.daily.length ? rates.daily[rates.daily.length - 1]!.cumulative : 0;
  const roundRows = rounds.map((r, i) => {
    const next = rounds[i + 1];
    const before = cumulativeOn(r.date, false);
    const upTo = next ? cumulativeOn(next.date, false) : total;
    return {
      label: roundLabel(r.kind, r.round),
      date: formatLongDay(r.date),
      sent: formatCount(r.sent),
      before: formatCount(before),
      during: formatCount(upTo - before),
      cumulative: formatCount(upTo),
    };
  });
  const first = rates.daily[0]?.date;
  const last = rates.daily[rates.daily.length - 1]?.date;
  const markerText = rounds.map((r) => `${roundLabel(r.kind, r.round).toLowerCase()} ${formatLongDay(r.date)}`).join(', ');
  const description =
    first && last
      ? `Aantal ingevulde vragenlijsten opgeteld per dag, van ${formatLongDay(first)} tot ${formatLongDay(last)}: ${formatCount(total)} in totaal.` +
        (markerText ? ` Verticale lijnen: ${markerText}.` : '')
      : 'Nog geen responses.';
  const curve: ChartView = {
    id: `${idPrefix}-curve`,
    title: 'Cumulatieve respons per dag, met uitnodiging en herinneringen',
    svg: cumulativeChart({
      id: `${idPrefix}-curve`,
      title: 'Cumulatieve respons per dag, met uitnodiging en herinneringen',
      description,
      days: rates.daily.map((d) => ({ date: d.date, value: d.cumulative })),
      markers: rounds.map((r) => ({ date: r.date, label: roundLabel(r.kind, r.round) })),
      yLabel: 'Responses (cumulatief)',
    }),
  };
  return {
    facts,
    dispositions: rates.dispositions.map((d) => ({ label: d.label, aapor: d.aapor, persons: formatCount(d.persons) })),
    breakdowns,
    suppressionRule: rates.suppression.applied ? rates.suppression.rule : null,
    curve,
    rounds: roundRows,
    days: rates.daily
      .filter((d) => d.responses > 0 || d.marks.length > 0)
      .map((d) => ({
        date: formatLongDay(d.date),
        responses: formatCount(d.responses),
        cumulative: formatCount(d.cumulative),
        marks: d.marks.map((m) => roundLabel(m.kind, m.round)).join(', '),
      })),
  };
}

export interface ReliabilityRow {
  label: string;
  alpha: string;
  ci: string;
  k: string;
  n: string;
  example: string;
  warnings: string[];
}

/** Tabel B1.1: per aspect Cronbach's alpha with its Feldt interval, k, the listwise n and warnings. */
export function presentReliability(report: Report): ReliabilityRow[] {
  const labelOf = new Map(report.items.map((i) => [i.code, i.label]));
  return report.scales.map((s) => ({
    label: s.label,
    alpha: formatDecimal(s.alpha, 2),
    ci: formatInterval(s.ci95, 2),
    k: formatCount(s.k),
    n: formatCount(s.n),
    example: labelOf.get(s.items[0] ?? '') ?? '',
    warnings: s.warnings.map((w) => w.message),
  }));
}

export interface ItemRow {
  code: string;
  label: string;
  reversed: boolean;
  n: string;
  min: string;
  max: string;
  mean: string;
  sd: string;
  declared: string;
  skipped: string;
}

export interface ItemGroup {
  label: string;
  rows: ItemRow[];
}

/** Tabel B1.2: n, min, max, mean and SD per statement, grouped by aspect; declared missing answers counted apart. */
export function presentItems(report: Report): { groups: ItemGroup[]; hasDeclared: boolean } {
  const row = (code: string): ItemRow | null => {
    const i = report.items.find((x) => x.code === code);
    if (!i) return null;
    return {
      code: i.code,
      label: i.label,
      reversed: i.reversed,
      n: formatCount(i.n),
      min: formatDecimal(i.min, 0),
      max: formatDecimal(i.max, 0),
      mean: formatDecimal(i.mean, 2),
      sd: formatDecimal(i.sd, 2),
      declared: formatCount(i.missing.declared),
      skipped: formatCount(i.missing.skipped),
    };
  };
  const inScale = new Set(report.scales.flatMap((s) => s.items));
  const groups = report.scales.map((s) => ({ label: s.label, rows: s.items.map(row).filter((r): r is ItemRow => r !== null) }));
  const rest = report.items.filter((i) => !inScale.has(i.code)).map((i) => row(i.code)!);
  if (rest.length) groups.push({ label: 'Overige uitspraken', rows: rest });
  const hasDeclared = report.items.some((i) => i.frequencies.some((f) => f.kind === 'missing'));
  return { groups, hasDeclared };
}

export interface ScoreRow {
  label: string;
  n: string;
  mean: string;
  sd: string;
  formula: string;
}

/** Aspect scores of the whole sample, each with its formula. */
export function presentScores(report: Report): { rows: ScoreRow[]; overall: ScoreRow } {
  return {
    rows: report.scales.map((s: ScaleReport) => ({
      label: s.label,
      n: formatCount(s.scoreN),
      mean: formatDecimal(s.scoreMean, 2),
      sd: formatDecimal(s.scoreSd, 2),
      formula: s.formula,
    })),
    overall: {
      label: 'Alle aspecten',
      n: formatCount(report.overall.n),
      mean: formatDecimal(report.overall.mean, 2),
      sd: formatDecimal(report.overall.sd, 2),
      formula: report.overall.formula,
    },
  };
}

/** "n = 12" with no-break spaces, so a chart label never breaks inside it. */
function nLabel(n: number): string {
  return `n\u00a0=\u00a0${formatCount(n)}`;
}

export interface BreakdownRow {
  label: string;
  n: string;
  cells: CellView[];
  /** The whole group is suppressed (only n shown). */
  suppressed: boolean;
}

export interface BreakdownView {
  variable: string;
  label: string;
  rows: BreakdownRow[];
  total: BreakdownRow;
  note: string;
  overallChart: ChartView;
  aspectChart: ChartView;
}

function scoreCell(cell: BreakdownCell, id: string, minimum: number): CellView {
  if (cell.suppressed) return { text: DASH, mark: cell.suppression === 'small' ? 'a' : 'b', n: null };
  const n = id === 'overall' ? cell.overallN : (cell.scoreN[id] ?? 0);
  if (cell.suppressedScores.includes(id)) return { text: DASH, mark: markFor(n, minimum), n: null };
  const value = id === 'overall' ? cell.overall : (cell.scores[id] ?? null);
  return { text: formatDecimal(value, 2), mark: null, n: n !== cell.n ? formatCount(n) : null };
}

/** Tabel 7.3: mean aspect scores by group with n per row, suppressed cells as "–", and the two figures. */
export function presentBreakdowns(report: Report, idPrefix: string): BreakdownView[] {
  const minimum = report.settings.minCellSize;
  const ids = [...report.scales.map((s) => s.id), 'overall'];
  const axis = scaleAxisLabel(report);
  return report.breakdowns.map((b: Breakdown) => {
    const present = b.cells.filter((c) => c.n > 0);
    const rows = present.map((c) => ({ label: c.value, n: formatCount(c.n), suppressed: c.suppressed, cells: ids.map((id) => scoreCell(c, id, minimum)) }));
    const total: BreakdownRow = {
      label: 'Totaal',
      n: formatCount(b.total.n),
      suppressed: false,
      cells: ids.map((id) => {
        const value = id === 'overall' ? b.total.overall : (b.total.scores[id] ?? null);
        const n = id === 'overall' ? b.total.overallN : (b.total.scoreN[id] ?? 0);
        return { text: formatDecimal(value, 2), mark: null, n: n !== b.total.n ? formatCount(n) : null };
      }),
    };
    const valueOf = (c: BreakdownCell, id: string): number | null => {
      if (c.suppressed || c.suppressedScores.includes(id)) return null;
      return id === 'overall' ? c.overall : (c.scores[id] ?? null);
    };
    const hidden = present.filter((c) => c.suppressed).map((c) => c.value);
    const hiddenText = hidden.length ? ` Niet getoond (te weinig respondenten): ${hidden.join(', ')}.` : '';
    const overallId = `${idPrefix}-${b.variable}-overall`;
    const overallTitle = `Gemiddelde score over alle aspecten naar ${b.label.toLowerCase()}`;
    const overallChart: ChartView = {
      id: overallId,
      title: overallTitle,
      svg: barChart({
        id: overallId,
        title: overallTitle,
        description: `Staafdiagram van de gemiddelde totaalscore per groep, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.${hiddenText}`,
        series: ['Alle aspecten'],
        categories: present.map((c) => ({ label: `${c.value} (${nLabel(c.n)})`, values: [valueOf(c, 'overall')] })),
        domain: axis.domain,
        axisLabel: axis.label,
      }),
    };
    const shown = present.filter((c) => !c.suppressed);
    const aspectId = `${idPrefix}-${b.variable}-aspects`;
    const aspectTitle = `Gemiddelde score per aspect naar ${b.label.toLowerCase()}`;
    const aspectChart: ChartView = {
      id: aspectId,
      title: aspectTitle,
      svg: barChart({
        id: aspectId,
        title: aspectTitle,
        description: `Gegroepeerd staafdiagram: per aspect een staaf per groep, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.${hiddenText}`,
        series: shown.map((c) => `${c.value} (${nLabel(c.n)})`),
        categories: report.scales.map((s) => ({ label: s.label, values: shown.map((c) => valueOf(c, s.id)) })),
        domain: axis.domain,
        axisLabel: axis.label,
      }),
    };
    return { variable: b.variable, label: b.label, rows, total, note: b.note, overallChart, aspectChart };
  });
}

/** The whole sample's mean per aspect as a bar chart. */
export function presentScoreChart(report: Report, idPrefix: string): ChartView {
  const axis = scaleAxisLabel(report);
  const id = `${idPrefix}-aspects`;
  const title = 'Gemiddelde score per aspect';
  return {
    id,
    title,
    svg: barChart({
      id,
      title,
      description: `Staafdiagram van de gemiddelde aspectscore van alle ${formatCount(report.n)} responses, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.`,
      series: ['Gemiddelde'],
      categories: [
        ...report.scales.map((s) => ({ label: s.label, values: [s.scoreMean] })),
        { label: 'Alle aspecten', values: [report.overall.mean] },
      ],
      domain: axis.domain,
      axisLabel: axis.label,
    }),
  };
}

export type QuestionView =
  | { kind: 'choice'; number: number; code: string; text: string; rows: Array<{ label: string; count: string; percent: string; missing: boolean }>; total: string; notes: string[] }
  | { kind: 'multi'; number: number; code: string; text: string; rows: Array<{ label: string; count: string; percent: string }>; n: string; mentions: string; notes: string[] }
  | {
      kind: 'constantSum';
      number: number;
      code: string;
      text: string;
      bandLabels: string[];
      rows: Array<{ label: string; mean: string; bands: string[] }>;
      n: string;
      notes: string[];
    }
  | {
      kind: 'number';
      number: number;
      code: string;
      text: string;
      facts: Array<{ label: string; value: string }>;
      bands: Array<{ label: string; count: string; percent: string }>;
      notes: string[];
    };

function notShownNote(q: { notShown: number }): string[] {
  return q.notShown > 0 ? [`Niet gesteld door de routering: ${formatCount(q.notShown)}; die tellen niet mee.`] : [];
}

/** The frequency tables (breedtescan Bijlage 4): Aantal and % with a Totaal, mentions, shares and number descriptives. */
export function presentQuestions(report: Report): QuestionView[] {
  return report.questions.map((q: QuestionReport, i): QuestionView => {
    const number = i + 1;
    if (q.type === 'multi') {
      const notes = [...notShownNote(q)];
      if (q.nonResponse > 0) notes.push(`Geen optie gekozen: ${formatCount(q.nonResponse)}.`);
      notes.push('Meer antwoorden mogelijk: de percentages (van de respondenten) tellen niet op tot 100.');
      return {
        kind: 'multi',
        number,
        code: q.code,
        text: q.text,
        rows: q.rows.map((r) => ({ label: r.label, count: formatCount(r.count), percent: formatPercent(r.percentOfRespondents, report.settings.percentDecimals) })),
        n: formatCount(q.n),
        mentions: formatCount(q.mentions),
        notes,
      };
    }
    if (q.type === 'constantSum') {
      const notes = [...notShownNote(q)];
      if (q.offTotal > 0) notes.push(`${formatCount(q.offTotal)} response(s) tellen niet op tot ${formatCount(q.total)}; wel meegenomen.`);
      if (q.nonResponse > 0) notes.push(`Niet ingevuld: ${formatCount(q.nonResponse)}.`);
      return {
        kind: 'constantSum',
        number,
        code: q.code,
        text: q.text,
        bandLabels: q.bandLabels,
        rows: q.items.map((item) => ({
          label: item.label,
          mean: item.meanPercent === null ? DASH : formatPercent(item.meanPercent, 1),
          bands: item.bands.map((b) => `${formatCount(b.count)} (${formatPercent(b.percent, report.settings.percentDecimals)})`),
        })),
        n: formatCount(q.n),
        notes,
      };
    }
    if (q.type === 'number') {
      const unit = q.unit ? ` ${q.unit}` : '';
      const facts = [
        { label: 'n (met een getal)', value: formatCount(q.n) },
        { label: 'Gemiddelde', value: q.mean === null ? DASH : `${formatDecimal(q.mean, 1)}${unit}` },
        { label: 'Mediaan', value: q.median === null ? DASH : `${formatDecimal(q.median, 1)}${unit}` },
        { label: 'Standaardafwijking', value: formatDecimal(q.sd, 1) },
        { label: 'Minimum – maximum', value: q.min === null ? DASH : `${formatDecimal(q.min, 0)} – ${formatDecimal(q.max, 0)}${unit}` },
        ...q.declared.map((d) => ({ label: d.label, value: formatCount(d.count) })),
        { label: 'Geen antwoord', value: formatCount(q.missing.skipped) },
      ];
      return {
        kind: 'number',
        number,
        code: q.code,
        text: q.text,
        facts,
        bands: (q.bands ?? []).map((b) => ({ label: b.label, count: formatCount(b.count), percent: formatPercent(b.percent, report.settings.percentDecimals) })),
        notes: notShownNote(q),
      };
    }
    const rows = q.rows
      .filter((r) => r.kind === 'option' || r.kind === 'other' || r.kind === 'missing' || r.count > 0)
      .map((r) => ({
        label: r.kind === 'nonResponse' ? 'Geen antwoord' : r.label,
        count: formatCount(r.count),
        percent: formatPercent(r.percent, report.settings.percentDecimals),
        missing: r.kind !== 'option' && r.kind !== 'other',
      }));
    return { kind: 'choice', number, code: q.code, text: q.text, rows, total: formatCount(q.total), notes: notShownNote(q) };
  });
}

export interface ResultsView {
  n: string;
  nValue: number;
  reliability: ReliabilityRow[];
  items: { groups: ItemGroup[]; hasDeclared: boolean };
  scores: { rows: ScoreRow[]; overall: ScoreRow };
  scoreChart: ChartView | null;
  breakdowns: BreakdownView[];
  breakdownColumns: string[];
  questions: QuestionView[];
  notes: string[];
  warnings: string[];
  footnotes: Record<Mark, string>;
  minCellSize: number;
  hasAspects: boolean;
}

/** Everything the results page and the printable report show of the analysis. */
export function presentReport(report: Report, idPrefix: string): ResultsView {
  const hasAspects = report.scales.length > 0;
  return {
    n: formatCount(report.n),
    nValue: report.n,
    reliability: presentReliability(report),
    items: presentItems(report),
    scores: presentScores(report),
    scoreChart: hasAspects && report.n > 0 ? presentScoreChart(report, idPrefix) : null,
    breakdowns: hasAspects && report.n > 0 ? presentBreakdowns(report, idPrefix) : [],
    breakdownColumns: [...report.scales.map((s) => s.label), 'Alle aspecten'],
    questions: presentQuestions(report),
    notes: report.notes,
    warnings: report.warnings.map((w) => w.message),
    footnotes: footnotes(report.settings.minCellSize),
    minCellSize: report.settings.minCellSize,
    hasAspects,
  };
}
