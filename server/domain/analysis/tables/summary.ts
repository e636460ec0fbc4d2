/**
 * The summary that opens the results page, the printed report and the workbook: per aspect the
 * score with its 95 % interval and n, against the previous wave of the same house and the pooled
 * mean of all houses (domain/compare) where those exist. The pooled mean carries the comparison's own
 * suppression (mark b when it would reveal a hidden house).
 */
import type { HouseComparison, HouseComparisonRow } from '../../compare/houses.js';
import type { WaveComparison, WaveComparisonRow } from '../../compare/waves.js';
import { formatCount, formatInterval } from '../../format/nl.js';
import type { Report } from '../types.js';
import { COUNT, decimals, hidden, num, signed, text, type Cell, type Column, type Row, type Table } from './model.js';
import { scoreInterval } from './scales.js';

const TWO = decimals(2);

export interface SummaryInput {
  report: Report;
  /** The same house's previous wave (same questionnaire version), when there is one. */
  previous: { label: string; comparison: WaveComparison } | null;
  /** The pooled mean of the houses compared (this house included), when other houses were measured. */
  houses: { count: number; comparison: HouseComparison } | null;
  /** Why there is no pooled mean although other houses were measured (a reader who sees them only pooled, and too few of them), in Dutch. */
  housesWithheld?: string | null;
}

/** A difference rounded to what is printed, so the workbook's number shows the page's digits (no "−0,00"). */
function difference(value: number | null): Cell {
  return num(value === null ? null : Number(value.toFixed(2)), signed(2));
}

/** The summary table: per aspect and overall the score, its interval and n, the previous wave and all houses. */
export function summaryTable(input: SummaryInput): Table {
  const { report, previous, houses, housesWithheld } = input;
  const previousRows = previous ? [...previous.comparison.rows, previous.comparison.overall] : [];
  const houseRows = houses ? [...houses.comparison.rows, houses.comparison.overall] : [];
  const columns: Column[] = [
    { label: 'Aspect', numeric: false, header: true },
    { label: 'Score', numeric: true },
    { label: '95%-interval', numeric: true, nowrap: true },
    { label: 'n', numeric: true },
    ...(previous
      ? [
          { label: 'Vorige ronde', numeric: true },
          { label: 'Verschil met vorige ronde', numeric: true },
        ]
      : []),
    ...(houses
      ? [
          { label: 'Alle huizen', numeric: true },
          { label: 'Verschil met alle huizen', numeric: true },
        ]
      : []),
    { label: '95%-interval ondergrens', numeric: true, detail: true },
    { label: '95%-interval bovengrens', numeric: true, detail: true },
    ...(previous ? [{ label: 'n vorige ronde', numeric: true, detail: true }] : []),
    ...(houses ? [{ label: 'n alle huizen', numeric: true, detail: true }] : []),
  ];
  const previousOf = (id: string): WaveComparisonRow | undefined => previousRows.find((r) => r.id === id);
  const houseOf = (id: string): HouseComparisonRow | undefined => houseRows.find((r) => r.id === id);
  let anyHidden = false;
  const row = (id: string, label: string, n: number, mean: number | null, sd: number | null): Row => {
    const ci = scoreInterval(mean, sd, n);
    const p = previousOf(id);
    const h = houseOf(id);
    if (h?.reference.suppressed) anyHidden = true;
    return {
      cells: [
        text(label),
        num(mean, TWO),
        text(formatInterval(ci, 2)),
        num(n, COUNT),
        ...(previous ? [num(p?.other.mean, TWO), difference(p?.difference ?? null)] : []),
        ...(houses ? [h?.reference.suppressed ? hidden('b') : num(h?.reference.mean, TWO), h?.reference.suppressed ? hidden('b') : difference(h?.difference ?? null)] : []),
        num(ci?.[0], TWO),
        num(ci?.[1], TWO),
        ...(previous ? [num(p?.other.n, COUNT)] : []),
        ...(houses ? [num(h?.reference.n, COUNT)] : []),
      ],
    };
  };
  const o = report.overall;
  const rows = [
    ...report.scales.map((s) => row(s.id, s.label, s.scoreN, s.scoreMean, s.scoreSd)),
    { ...row('overall', 'Alle aspecten', o.n, o.mean, o.sd), kind: 'total' as const },
  ];
  const notes = [
    'Score: het gemiddelde van de aspectscores van de respondenten (n), op de antwoordschaal van de uitspraken. 95%-interval: de marge waarbinnen het gemiddelde met andere respondenten uit dezelfde groep had kunnen uitkomen.',
    ...(previous ? [`Vorige ronde: ${previous.label}, met dezelfde versie van de vragenlijst; verschil = deze ronde − vorige ronde.`] : []),
    ...(houses
      ? [`Alle huizen: het gepoolde gemiddelde van ${formatCount(houses.count)} huizen (dit huis inbegrepen), waarin elke respondent even zwaar telt; verschil = dit huis − alle huizen.`]
      : []),
    ...(!houses && housesWithheld ? [`Alle huizen: niet getoond. ${housesWithheld}`] : []),
    ...(previous || houses ? ['De verschillen zijn niet getoetst: een verschil dat klein is ten opzichte van het interval kan op toeval berusten.'] : []),
  ];
  return {
    id: 'summary',
    title: 'Samenvatting: score per aspect',
    columns,
    groups: [{ label: null, rows }],
    notes,
    footnotes: anyHidden ? { b: '– niet getoond: het gemiddelde van alle huizen zou een huis met te weinig respondenten verraden.' } : {},
  };
}
