/**
 * The charts of the results pages as SVG: the mean per aspect, per background variable the overall and
 * the per-aspect means (suppressed groups drawn as "niet getoond"), and the cumulative response curve.
 * Each chart says in its description where its numbers are in a table.
 */
import type { DistributionGroup } from '../../../domain/analysis/distribution.js';
import { roundLabel } from '../../../domain/analysis/tables/rates.js';
import type { Breakdown, BreakdownCell, Report } from '../../../domain/analysis/types.js';
import { barChart } from '../../../domain/charts/barChart.js';
import { divergingChart, type DivergingCategory } from '../../../domain/charts/divergingChart.js';
import { cumulativeChart } from '../../../domain/charts/lineChart.js';
import type { WaveRates } from '../../../domain/fieldwork/responseRates.js';
import { formatCount, formatLongDay } from '../../../domain/format/nl.js';

export interface ChartView {
  id: string;
  title: string;
  svg: string;
}

export interface Axis {
  domain: [number, number];
  label: string;
}

const SCALE_AXIS = '1 = helemaal niet … 4 = volledig (gemiddelde score)';

/** The value axis of the score charts: the answer scale of the aspects' statements (1–4 for the Stappenmeter). */
export function scaleAxisLabel(report: Report): Axis {
  const first = report.items.find((i) => i.aspect !== null);
  const options = first?.frequencies.filter((r) => r.kind === 'option' && r.value !== null) ?? [];
  if (options.length < 2) return { domain: [1, 4], label: SCALE_AXIS };
  const lo = options[0]!;
  const hi = options[options.length - 1]!;
  return { domain: [lo.value!, hi.value!], label: `${lo.value} = ${lo.label} … ${hi.value} = ${hi.label} (gemiddelde score)` };
}

/** "n = 12" with no-break spaces, so a chart label never breaks inside it. */
function nLabel(n: number): string {
  return `n\u00a0=\u00a0${formatCount(n)}`;
}

/** A bar chart with its id and title repeated for the figure. */
function bars(id: string, title: string, chart: Omit<Parameters<typeof barChart>[0], 'id' | 'title'>): ChartView {
  return { id, title, svg: barChart({ id, title, ...chart }) };
}

/** The whole sample's mean per aspect as a bar chart. */
export function scoreChart(report: Report, idPrefix: string): ChartView {
  const axis = scaleAxisLabel(report);
  return bars(`${idPrefix}-aspects`, 'Gemiddelde score per aspect', {
    description: `Staafdiagram van de gemiddelde aspectscore van alle ${formatCount(report.n)} ingevulde vragenlijsten, op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.`,
    series: ['Gemiddelde'],
    categories: [...report.scales.map((s) => ({ label: s.label, values: [s.scoreMean] })), { label: 'Alle aspecten', values: [report.overall.mean] }],
    domain: axis.domain,
    axisLabel: axis.label,
  });
}

/** Per background variable: the overall mean per group (Figuur B1.1) and the mean per aspect per group (Figuur B1.2). */
export function breakdownCharts(report: Report, idPrefix: string): Array<{ overallChart: ChartView; aspectChart: ChartView }> {
  const axis = scaleAxisLabel(report);
  return report.breakdowns.map((b: Breakdown) => {
    const present = b.cells.filter((c) => c.n > 0);
    const valueOf = (c: BreakdownCell, id: string): number | null => {
      if (c.suppressed || c.suppressedScores.includes(id)) return null;
      return id === 'overall' ? c.overall : (c.scores[id] ?? null);
    };
    const hidden = present.filter((c) => c.suppressed).map((c) => c.value);
    const hiddenText = hidden.length ? ` Niet getoond (te weinig respondenten): ${hidden.join(', ')}.` : '';
    const scale = `op de schaal ${axis.domain[0]} tot ${axis.domain[1]}; dezelfde getallen staan in de tabel.${hiddenText}`;
    const shown = present.filter((c) => !c.suppressed);
    return {
      overallChart: bars(`${idPrefix}-${b.variable}-overall`, `Gemiddelde score over alle aspecten naar ${b.label.toLowerCase()}`, {
        description: `Staafdiagram van de gemiddelde totaalscore per groep, ${scale}`,
        series: ['Alle aspecten'],
        categories: present.map((c) => ({ label: `${c.value} (${nLabel(c.n)})`, values: [valueOf(c, 'overall')] })),
        domain: axis.domain,
        axisLabel: axis.label,
      }),
      aspectChart: bars(`${idPrefix}-${b.variable}-aspects`, `Gemiddelde score per aspect naar ${b.label.toLowerCase()}`, {
        description: `Gegroepeerd staafdiagram: per aspect een staaf per groep, ${scale}`,
        series: shown.map((c) => `${c.value} (${nLabel(c.n)})`),
        categories: report.scales.map((s) => ({ label: s.label, values: shown.map((c) => valueOf(c, s.id)) })),
        domain: axis.domain,
        axisLabel: axis.label,
      }),
    };
  });
}

/** The answer distribution of a group of statements as a diverging stacked bar chart; `tableNumber` names the table with the same numbers. */
export function distributionChart(group: DistributionGroup, tableNumber: string, decimals: number, idPrefix: string): ChartView {
  const categories: DivergingCategory[] = [];
  for (const item of group.items)
    for (const c of item.categories) if (!categories.some((x) => x.label === c.label)) categories.push({ label: c.label, side: c.side });
  // the scale's points in scale order, the categories drawn apart after them
  categories.sort((a, b) => Number(a.side === 'apart') - Number(b.side === 'apart'));
  const side = (s: DivergingCategory['side']) => categories.filter((c) => c.side === s).map((c) => c.label).join(', ');
  const apart = side('apart');
  const id = `${idPrefix}-dist-${group.id ?? 'rest'}`;
  const title = `Verdeling van de antwoorden: ${group.label}`;
  const description =
    `Gestapeld staafdiagram met per uitspraak de verdeling van de antwoorden in procenten: links van de nullijn ${side('negative')}, rechts ${side('positive')}` +
    (side('neutral') ? `, ${side('neutral')} over de nullijn` : '') +
    (apart ? `; ${apart} apart rechts` : '') +
    `. Dezelfde percentages staan in ${tableNumber}.`;
  return {
    id,
    title,
    svg: divergingChart({
      id,
      title,
      description,
      categories,
      rows: group.items.map((item) => ({
        label: `${item.label}${item.reversed ? ' (omgekeerd)' : ''}`,
        percents: categories.map((c) => item.categories.find((x) => x.label === c.label)?.percent ?? null),
      })),
      decimals,
    }),
  };
}

/** Cumulative responses per day with the mail rounds marked. */
export function responseCurve(rates: Pick<WaveRates, 'daily' | 'rounds'>, idPrefix: string): ChartView {
  const { rounds, daily } = rates;
  const first = daily[0]?.date;
  const last = daily[daily.length - 1]?.date;
  const total = last ? daily[daily.length - 1]!.cumulative : 0;
  const markerText = rounds.map((r) => `${roundLabel(r.kind, r.round).toLowerCase()} ${formatLongDay(r.date)}`).join(', ');
  const description =
    first && last
      ? `Aantal ingevulde vragenlijsten opgeteld per dag, van ${formatLongDay(first)} tot ${formatLongDay(last)}: ${formatCount(total)} in totaal.` +
        (markerText ? ` Verticale lijnen: ${markerText}.` : '')
      : 'Nog geen ingevulde vragenlijsten.';
  const id = `${idPrefix}-curve`;
  const title = 'Cumulatieve respons per dag, met uitnodiging en herinneringen';
  return {
    id,
    title,
    svg: cumulativeChart({
      id,
      title,
      description,
      days: daily.map((d) => ({ date: d.date, value: d.cumulative })),
      markers: rounds.map((r) => ({ date: r.date, label: roundLabel(r.kind, r.round) })),
      yLabel: 'Ingevuld (cumulatief)',
    }),
  };
}
