/** A number question in the report: descriptives, declared missing (weet niet) counts and bands. */
import { CodeSlots } from '../../../analysis/codeSlots.js';
import { BLANK, NUMBER } from '../../../analysis/extract.js';
import type { MissingCounts } from '../../../analysis/frequencies.js';
import { hiddenRowFootnotes, notShownNotes } from '../../../analysis/tables/frequency.js';
import { COUNT, decimals, hidden, num, percent, text, type Cell, type Row, type Table } from '../../../analysis/tables/model.js';
import { SHARE_BAND_LABELS, bandIndex, shareBandIndex } from '../../../stats/bands.js';
import { RunningMoments, median } from '../../../stats/descriptives.js';
import { largestRemainder } from '../../../stats/largestRemainder.js';
import type { Band } from '../../schema.js';
import type { PresentContext, QuestionTableReport, TableCounter } from '../module.js';
import { shownCounter } from '../shownCounter.js';
import type { NumberQuestion } from './schema.js';

export interface NumberQuestionReport extends QuestionTableReport {
  type: 'number';
  unit: string | null;
  /** Numeric answers (declared missing excluded). */
  n: number;
  missing: MissingCounts;
  declared: Array<{ value: number; label: string; count: number }>;
  mean: number | null;
  median: number | null;
  sd: number | null;
  min: number | null;
  max: number | null;
  /** Counts per band (background bands of this question, or share bands for a 0-100 % question); null without bands. */
  /** `hidden`: the band is a suppressed breakdown group, its count and share not shown. */
  bands: Array<{ label: string; count: number; percent: number | null; hidden?: 'small' | 'complementary' }> | null;
  /** Answers outside every band. */
  outsideBands: number;
  /**
   * Count rows of the table not shown, with why: the rows that make up a suppressed breakdown group
   * ("Onbekend": geen antwoord, weet niet, ongeldig), or rows hidden by the disclosure check
   * (disclosure.ts) because a small group could be computed from them.
   */
  hiddenCounts: Partial<Record<NumberCountRow, 'small' | 'complementary'>>;
}

/** The count rows of a number question's table other than its bands: n (met een getal), declared missing, geen antwoord, ongeldig. */
export type NumberCountRow = 'n' | 'declared' | 'skipped' | 'invalid';

/** The band row of the answers outside every band. */
export const OUTSIDE_BANDS = 'Buiten de groepen';

/** Descriptives of the number in `v` (the extractor's index); `bands` are the question's background bands. */
export function numberCounter(q: NumberQuestion, v: number, bands: Band[] | null): TableCounter<NumberQuestionReport> {
  const moments = new RunningMoments();
  const values: number[] = [];
  const missing = q.dontKnow ? new CodeSlots([], [q.dontKnow]) : null;
  const declared = new Float64Array(missing?.codes.length ?? 0);
  let bandLabels: string[] | null = null;
  let bandOf: ((x: number) => number) | null = null;
  if (bands) {
    bandLabels = bands.map((b) => b.label);
    bandOf = (x) => bandIndex(x, bands);
  } else if (q.unit?.trim() === '%') {
    // a 0-100 % estimate (breedtescan Q22) gets the share bands of Tabel 22
    bandLabels = [...SHARE_BAND_LABELS];
    bandOf = shareBandIndex;
  }
  const bandCounts = bandLabels ? new Float64Array(bandLabels.length) : null;
  let outside = 0;
  let skipped = 0;
  return shownCounter(
    (numbers, kind) => {
      if (kind[v] === BLANK) {
        skipped += 1;
        return true;
      }
      const x = numbers[v]!;
      if (kind[v] !== NUMBER || !Number.isFinite(x)) return false;
      const slot = missing ? missing.slot(x) : -1;
      if (slot >= 0) {
        declared[slot] = declared[slot]! + 1;
        return true;
      }
      // a value outside the question's own range (150 for a 0-100 % estimate, typed into a CSV) is no answer
      if ((q.min !== undefined && x < q.min) || (q.max !== undefined && x > q.max)) return false;
      moments.push(x);
      values.push(x);
      if (bandOf && bandCounts) {
        const b = bandOf(x);
        if (b >= 0) bandCounts[b] = bandCounts[b]! + 1;
        else outside += 1;
      }
      return true;
    },
    (percentDecimals, { notShown, invalid }) => {
      const declaredRows = missing ? missing.codes.map((value, i) => ({ value, label: missing.labels[i]!, count: declared[i]! })) : [];
      const declaredTotal = declaredRows.reduce((a, d) => a + d.count, 0);
      let bandRows: NumberQuestionReport['bands'] = null;
      if (bandLabels && bandCounts) {
        const counts = [...Array.from(bandCounts), ...(outside > 0 ? [outside] : [])];
        const labels = [...bandLabels, ...(outside > 0 ? [OUTSIDE_BANDS] : [])];
        const percents = largestRemainder(counts, percentDecimals);
        bandRows = labels.map((label, i) => ({ label, count: counts[i]!, percent: percents?.[i] ?? null }));
      }
      return {
        type: 'number',
        code: q.code,
        text: q.text,
        shown: moments.n + declaredTotal + skipped + invalid,
        notShown,
        unit: q.unit ?? null,
        n: moments.n,
        missing: { skipped, declared: declaredTotal, notShown, invalid },
        declared: declaredRows,
        mean: moments.mean().value,
        median: median(values).value,
        sd: moments.sd().value,
        min: moments.minimum(),
        max: moments.maximum(),
        bands: bandRows,
        outsideBands: outside,
        hiddenCounts: {},
      };
    },
  );
}

function fact(label: string, cell: Cell): Row {
  return { cells: [text(label), cell] };
}

/** The descriptives as a two-column table, and the bands (if any) as a second table. */
export function numberTables(r: NumberQuestionReport, ctx: PresentContext): Table[] {
  const unit = r.unit ? ` ${r.unit}` : undefined;
  const count = (row: NumberCountRow, value: number) => {
    const h = r.hiddenCounts[row];
    return h ? hidden(h === 'small' ? 'a' : 'b') : num(value, COUNT);
  };
  const facts: Table = {
    id: `q-${r.code}`,
    title: ctx.caption,
    code: r.code,
    columns: [
      { label: 'Statistiek', numeric: false, header: true },
      { label: 'Waarde', numeric: true },
    ],
    groups: [
      {
        label: null,
        rows: [
          fact('n (met een getal)', count('n', r.n)),
          fact('Gemiddelde', num(r.mean, decimals(1), unit)),
          fact('Mediaan', num(r.median, decimals(1), unit)),
          fact('Standaardafwijking', num(r.sd, decimals(1))),
          fact('Minimum', num(r.min, decimals(0), unit)),
          fact('Maximum', num(r.max, decimals(0), unit)),
          ...r.declared.map((d) => fact(d.label, count('declared', d.count))),
          fact('Geen antwoord', count('skipped', r.missing.skipped)),
          ...(r.missing.invalid > 0 ? [fact('Ongeldig (niet meegeteld)', count('invalid', r.missing.invalid))] : []),
        ],
      },
    ],
    notes: [],
    footnotes: hiddenRowFootnotes(
      Object.values(r.hiddenCounts).map((h) => ({ hidden: h })),
      ctx.minCellSize,
    ),
  };
  const tables = [facts];
  if (r.bands?.length) {
    const pct = percent(ctx.percentDecimals);
    const percentHidden = r.bands.some((b) => b.hidden) || r.hiddenCounts.n !== undefined;
    tables.push({
      id: `q-${r.code}-bands`,
      title: `Verdeling van ${r.code}`,
      columns: [
        { label: 'Klasse', numeric: false, header: true },
        { label: 'Aantal', numeric: true },
        { label: '%', numeric: true },
      ],
      groups: [
        {
          label: null,
          // with a band or n hidden, no band shows its %: count ÷ % would give n, and n minus the shown bands the hidden ones
          rows: r.bands.map((b) => {
            const mark = b.hidden === 'small' ? 'a' : 'b';
            return { cells: [text(b.label), ...(b.hidden ? [hidden(mark), hidden(mark)] : [num(b.count, COUNT), percentHidden ? hidden('b') : num(b.percent, pct)])] };
          }),
        },
      ],
      notes: [],
      footnotes: hiddenRowFootnotes(percentHidden ? [...r.bands, { hidden: 'complementary' as const }] : r.bands, ctx.minCellSize),
    });
  }
  const last = tables[tables.length - 1]!;
  last.notes = notShownNotes(r);
  // the routing note's "–" gets its footnote in the table that carries the note
  if (r.notShownHidden) last.footnotes = { ...last.footnotes, ...hiddenRowFootnotes([{ hidden: r.notShownHidden }], ctx.minCellSize) };
  return tables;
}
