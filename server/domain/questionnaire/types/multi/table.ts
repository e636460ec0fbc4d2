/** Multiple choice in the report: times mentioned and % of respondents, with n (breedtescan Tabel 27). */
import { notShownNotes } from '../../../analysis/tables/frequency.js';
import { COUNT, num, percent, text, type Table } from '../../../analysis/tables/model.js';
import { largestRemainder, roundedPercent } from '../../../stats/largestRemainder.js';
import { formatCount } from '../../../format/nl.js';
import type { PresentContext, QuestionTableReport, TableCounter } from '../module.js';
import type { MultiQuestion } from './schema.js';

export interface MultiRow {
  value: number;
  label: string;
  exclusive: boolean;
  other: boolean;
  /** Times mentioned. */
  count: number;
  /** Share of the respondents who answered (n) that chose it; these do not sum to 100. */
  percentOfRespondents: number | null;
  /** Share of all mentions; sums to 100. */
  percentOfMentions: number | null;
}

export interface MultiQuestionReport extends QuestionTableReport {
  type: 'multi';
  /** Respondents who chose at least one option. */
  n: number;
  nonResponse: number;
  mentions: number;
  rows: MultiRow[];
}

/** Counts mentions over the 0/1 variables of the options (`vs` in the extractor). */
export function multiCounter(question: MultiQuestion, vs: number[]): TableCounter<MultiQuestionReport> {
  const counts = new Float64Array(vs.length);
  let n = 0;
  let nonResponse = 0;
  let notShown = 0;
  return {
    invalid: 0,
    add(numbers, _kind, shown) {
      if (!shown) {
        notShown += 1;
        return;
      }
      let any = false;
      for (let i = 0; i < vs.length; i++)
        if (numbers[vs[i]!] === 1) {
          counts[i] = counts[i]! + 1;
          any = true;
        }
      // a multiple-choice question counts as answered when at least one option is chosen
      if (any) n += 1;
      else nonResponse += 1;
    },
    report(percentDecimals) {
      const all = Array.from(counts);
      const mentions = all.reduce((a, b) => a + b, 0);
      const ofMentions = largestRemainder(all, percentDecimals);
      return {
        type: 'multi',
        code: question.code,
        text: question.text,
        shown: n + nonResponse,
        notShown,
        n,
        nonResponse,
        mentions,
        rows: question.options.map((o, i) => ({
          value: o.value,
          label: o.label,
          exclusive: o.exclusive === true,
          other: o.other === true,
          count: all[i]!,
          percentOfRespondents: roundedPercent(all[i]!, n, percentDecimals),
          percentOfMentions: ofMentions?.[i] ?? null,
        })),
      };
    },
  };
}

/** Mentions per option with % of respondents; the workbook adds the codes and % of mentions. */
export function multiTables(r: MultiQuestionReport, ctx: PresentContext): Table[] {
  const pct = percent(ctx.percentDecimals);
  const notes = notShownNotes(r);
  notes.push(`n = ${formatCount(r.n)} respondenten met minstens één antwoord.`);
  if (r.nonResponse > 0) notes.push(`Geen optie gekozen: ${formatCount(r.nonResponse)}.`);
  notes.push('Meer antwoorden mogelijk: de percentages (van de respondenten) tellen niet op tot 100.');
  return [
    {
      id: `q-${r.code}`,
      title: ctx.caption,
      code: r.code,
      columns: [
        { label: 'Antwoord', numeric: false, header: true },
        { label: 'Code', numeric: true, detail: true },
        { label: 'Aantal keer genoemd', numeric: true },
        { label: '% van respondenten', numeric: true },
        { label: '% van noemingen', numeric: true, detail: true },
      ],
      groups: [
        {
          label: null,
          rows: [
            ...r.rows.map((row) => ({
              cells: [text(row.label), num(row.value, COUNT), num(row.count, COUNT), num(row.percentOfRespondents, pct), num(row.percentOfMentions, pct)],
            })),
            { cells: [text('Totaal'), text(''), num(r.mentions, COUNT), text(''), num(r.mentions > 0 ? 100 : null, pct)], kind: 'total' as const },
          ],
        },
      ],
      notes,
      footnotes: {},
    },
  ];
}
