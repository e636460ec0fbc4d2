/** A constant sum in the report: mean share per item and the distribution over share bands (breedtescan Tabel 22). */
import { BLANK, NUMBER } from '../../../analysis/extract.js';
import { notShownNotes } from '../../../analysis/tables/frequency.js';
import { COUNT, decimals, num, percent, text, type Table } from '../../../analysis/tables/model.js';
import { formatCount, formatPercent } from '../../../format/nl.js';
import { SHARE_BAND_LABELS, shareBandIndex } from '../../../stats/bands.js';
import { RunningMoments } from '../../../stats/descriptives.js';
import { largestRemainder } from '../../../stats/largestRemainder.js';
import type { PresentContext, QuestionTableReport, TableCounter } from '../module.js';
import { shownCounter } from '../shownCounter.js';
import type { ConstantSumQuestion } from './schema.js';

export interface ConstantSumItemReport {
  code: string;
  label: string;
  n: number;
  /** Mean of the item's value, in the question's unit. */
  mean: number | null;
  /** Mean share of the total, in percent. */
  meanPercent: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Respondents per share band (bandLabels), with % of n summing to 100. */
  bands: Array<{ label: string; count: number; percent: number | null }>;
}

export interface ConstantSumQuestionReport extends QuestionTableReport {
  type: 'constantSum';
  total: number;
  unit: string | null;
  /** Respondents who filled in at least one item (an empty item of such a response counts as 0). */
  n: number;
  nonResponse: number;
  /** Responses whose items do not add up to the total (still included). */
  offTotal: number;
  /** Responses with a value that is not a share between 0 and the total (left out). */
  invalid: number;
  bandLabels: string[];
  items: ConstantSumItemReport[];
}

/** Shares of the items in `vs` (the extractor's indexes). */
export function constantSumCounter(question: ConstantSumQuestion, vs: number[]): TableCounter<ConstantSumQuestionReport> {
  const k = question.items.length;
  const { total } = question;
  const moments = Array.from({ length: k }, () => new RunningMoments());
  const bands = Array.from({ length: k }, () => new Float64Array(SHARE_BAND_LABELS.length));
  const row = new Float64Array(k);
  let n = 0;
  let nonResponse = 0;
  let offTotal = 0;
  return shownCounter(
    (numbers, kind) => {
      let answered = false;
      let bad = false;
      let sum = 0;
      for (let i = 0; i < k; i++) {
        const v = vs[i]!;
        if (kind[v] === BLANK) {
          // an empty item of a filled-in distribution is a zero share
          row[i] = 0;
          continue;
        }
        answered = true;
        const x = numbers[v]!;
        if (kind[v] !== NUMBER || !Number.isFinite(x) || x < 0 || x > total) bad = true;
        else {
          row[i] = x;
          sum += x;
        }
      }
      if (!answered) {
        nonResponse += 1;
        return true;
      }
      if (bad) return false;
      n += 1;
      if (Math.abs(sum - total) > 1e-9 * total) offTotal += 1;
      for (let i = 0; i < k; i++) {
        const x = row[i]!;
        moments[i]!.push(x);
        const band = shareBandIndex((x / total) * 100);
        if (band >= 0) bands[i]![band] = bands[i]![band]! + 1;
      }
      return true;
    },
    (percentDecimals, { notShown, invalid }) => {
      return {
        type: 'constantSum',
        code: question.code,
        text: question.text,
        shown: n + nonResponse + invalid,
        notShown,
        total,
        unit: question.unit ?? null,
        n,
        nonResponse,
        offTotal,
        invalid,
        bandLabels: [...SHARE_BAND_LABELS],
        items: question.items.map((item, i) => {
          const m = moments[i]!;
          const mean = m.mean().value;
          const counts = Array.from(bands[i]!);
          const percents = largestRemainder(counts, percentDecimals);
          return {
            code: item.code,
            label: item.label,
            n: m.n,
            mean,
            meanPercent: mean === null ? null : (mean / total) * 100,
            sd: m.sd().value,
            min: m.minimum(),
            max: m.maximum(),
            bands: SHARE_BAND_LABELS.map((label, b) => ({ label, count: counts[b]!, percent: percents?.[b] ?? null })),
          };
        }),
      };
    },
  );
}

/** Per item the mean share and the respondents per share band; the workbook adds n, mean, SD, minimum and maximum. */
export function constantSumTables(r: ConstantSumQuestionReport, ctx: PresentContext): Table[] {
  const unit = r.unit ? ` (${r.unit})` : '';
  const notes = notShownNotes(r);
  if (r.offTotal > 0) notes.push(`${formatCount(r.offTotal)} ingevulde vragenlijst(en) tellen niet op tot ${formatCount(r.total)}; wel meegenomen.`);
  if (r.nonResponse > 0) notes.push(`Niet ingevuld: ${formatCount(r.nonResponse)}.`);
  if (r.invalid > 0) notes.push(`Ongeldig (niet meegeteld): ${formatCount(r.invalid)}.`);
  const mean = decimals(2);
  return [
    {
      id: `q-${r.code}`,
      title: `${ctx.caption}: aantal respondenten per aandeel (n = ${formatCount(r.n)})`,
      code: r.code,
      columns: [
        { label: 'Onderdeel', numeric: false, header: true },
        { label: 'n', numeric: true, detail: true },
        { label: `Gemiddelde${unit}`, numeric: true, detail: true },
        { label: 'Gemiddeld aandeel', numeric: true },
        { label: 'SD', numeric: true, detail: true },
        { label: 'Minimum', numeric: true, detail: true },
        { label: 'Maximum', numeric: true, detail: true },
        ...r.bandLabels.map((label) => ({ label, numeric: true, nowrap: true })),
      ],
      groups: [
        {
          label: null,
          rows: r.items.map((item) => ({
            cells: [
              text(item.label),
              num(item.n, COUNT),
              num(item.mean, mean),
              num(item.meanPercent, percent(1)),
              num(item.sd, mean),
              num(item.min, mean),
              num(item.max, mean),
              ...item.bands.map((b) => num(b.count, COUNT, ` (${formatPercent(b.percent, ctx.percentDecimals)})`)),
            ],
          })),
        },
      ],
      notes,
      footnotes: {},
    },
  ];
}
