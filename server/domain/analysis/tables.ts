/**
 * Streaming counters for the question tables of the report: single choice and yes/no frequency tables,
 * multiple choice mentions, constant-sum shares and number descriptives. Each gets every response once
 * (`add`) and builds its table at the end (`report`).
 */
import { SHARE_BAND_LABELS, bandIndex, shareBandIndex } from '../stats/bands.js';
import { RunningMoments, median } from '../stats/descriptives.js';
import { frequencyColumn } from '../stats/frequencies.js';
import { largestRemainder, roundedPercent } from '../stats/largestRemainder.js';
import { BLANK, NUMBER } from './extract.js';
import type { TablePlan } from './plan.js';
import type {
  ChoiceQuestionReport,
  ConstantSumQuestionReport,
  FrequencyRow,
  MultiQuestionReport,
  NumberQuestionReport,
  QuestionReport,
} from './types.js';

export interface TableCounter {
  /** Count the response last read by the plan's extractor; `shown` is false when routing hid the question. */
  add(num: Float64Array, kind: Uint8Array, shown: boolean): void;
  report(percentDecimals: number): QuestionReport;
}

/** Frequency rows with percent and valid percent columns (each summing to 100) from labelled counts. */
export function frequencyRows(
  rows: Array<Omit<FrequencyRow, 'percent' | 'validPercent'>>,
  percentDecimals: number,
): { rows: FrequencyRow[]; total: number } {
  const col = frequencyColumn(
    rows.map((r) => r.count),
    rows.map((r) => r.kind === 'option' || r.kind === 'other'),
    percentDecimals,
  );
  return { rows: rows.map((r, i) => ({ ...r, percent: col.percent[i]!, validPercent: col.validPercent[i]! })), total: col.total };
}

class ChoiceCounter implements TableCounter {
  private readonly counts: Float64Array;
  private nonResponse = 0;
  private notShown = 0;
  private invalid = 0;

  constructor(private readonly plan: Extract<TablePlan, { type: 'single' | 'yesno' }>) {
    this.counts = new Float64Array(plan.slots.codes.length);
  }

  add(num: Float64Array, kind: Uint8Array, shown: boolean): void {
    if (!shown) {
      this.notShown += 1;
      return;
    }
    const v = this.plan.v;
    if (kind[v] === BLANK) this.nonResponse += 1;
    else {
      const slot = kind[v] === NUMBER ? this.plan.slots.slot(num[v]!) : -1;
      if (slot < 0) this.invalid += 1;
      else this.counts[slot] = this.counts[slot]! + 1;
    }
  }

  report(percentDecimals: number): ChoiceQuestionReport {
    const { slots, options, question } = this.plan;
    const rows: Array<Omit<FrequencyRow, 'percent' | 'validPercent'>> = options.map((o, i) => ({
      kind: i >= slots.valid ? 'missing' : o.other ? 'other' : 'option',
      value: o.value,
      label: o.label,
      count: this.counts[i]!,
    }));
    rows.push({ kind: 'nonResponse', value: null, label: 'Geen antwoord', count: this.nonResponse });
    if (this.invalid > 0) rows.push({ kind: 'invalid', value: null, label: 'Ongeldige code', count: this.invalid });
    const table = frequencyRows(rows, percentDecimals);
    let n = 0;
    for (let i = 0; i < slots.valid; i++) n += this.counts[i]!;
    return {
      type: this.plan.type,
      code: question.code,
      text: question.text,
      shown: table.total,
      notShown: this.notShown,
      n,
      rows: table.rows,
      total: table.total,
    };
  }
}

class MultiCounter implements TableCounter {
  private readonly counts: Float64Array;
  private n = 0;
  private nonResponse = 0;
  private notShown = 0;

  constructor(private readonly plan: Extract<TablePlan, { type: 'multi' }>) {
    this.counts = new Float64Array(plan.vs.length);
  }

  add(num: Float64Array, _kind: Uint8Array, shown: boolean): void {
    if (!shown) {
      this.notShown += 1;
      return;
    }
    let any = false;
    const vs = this.plan.vs;
    for (let i = 0; i < vs.length; i++)
      if (num[vs[i]!] === 1) {
        this.counts[i] = this.counts[i]! + 1;
        any = true;
      }
    // a multiple-choice question counts as answered when at least one option is chosen
    if (any) this.n += 1;
    else this.nonResponse += 1;
  }

  report(percentDecimals: number): MultiQuestionReport {
    const { question } = this.plan;
    const counts = Array.from(this.counts);
    const mentions = counts.reduce((a, b) => a + b, 0);
    const ofMentions = largestRemainder(counts, percentDecimals);
    return {
      type: 'multi',
      code: question.code,
      text: question.text,
      shown: this.n + this.nonResponse,
      notShown: this.notShown,
      n: this.n,
      nonResponse: this.nonResponse,
      mentions,
      rows: question.options.map((o, i) => ({
        value: o.value,
        label: o.label,
        exclusive: o.exclusive === true,
        other: o.other === true,
        count: counts[i]!,
        percentOfRespondents: roundedPercent(counts[i]!, this.n, percentDecimals),
        percentOfMentions: ofMentions?.[i] ?? null,
      })),
    };
  }
}

class ConstantSumCounter implements TableCounter {
  private readonly moments: RunningMoments[];
  private readonly bands: Float64Array[];
  private readonly row: Float64Array;
  private n = 0;
  private nonResponse = 0;
  private notShown = 0;
  private offTotal = 0;
  private invalid = 0;

  constructor(private readonly plan: Extract<TablePlan, { type: 'constantSum' }>) {
    const k = plan.question.items.length;
    this.moments = Array.from({ length: k }, () => new RunningMoments());
    this.bands = Array.from({ length: k }, () => new Float64Array(SHARE_BAND_LABELS.length));
    this.row = new Float64Array(k);
  }

  add(num: Float64Array, kind: Uint8Array, shown: boolean): void {
    if (!shown) {
      this.notShown += 1;
      return;
    }
    const { items, total } = this.plan.question;
    const vs = this.plan.vs;
    let answered = false;
    let bad = false;
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      const v = vs[i]!;
      if (kind[v] === BLANK) {
        // an empty item of a filled-in distribution is a zero share
        this.row[i] = 0;
        continue;
      }
      answered = true;
      const x = num[v]!;
      if (kind[v] !== NUMBER || !Number.isFinite(x) || x < 0 || x > total) bad = true;
      else {
        this.row[i] = x;
        sum += x;
      }
    }
    if (!answered) {
      this.nonResponse += 1;
      return;
    }
    if (bad) {
      this.invalid += 1;
      return;
    }
    this.n += 1;
    if (Math.abs(sum - total) > 1e-9 * total) this.offTotal += 1;
    for (let i = 0; i < items.length; i++) {
      const x = this.row[i]!;
      this.moments[i]!.push(x);
      const band = shareBandIndex((x / total) * 100);
      if (band >= 0) this.bands[i]![band] = this.bands[i]![band]! + 1;
    }
  }

  report(percentDecimals: number): ConstantSumQuestionReport {
    const { question } = this.plan;
    return {
      type: 'constantSum',
      code: question.code,
      text: question.text,
      shown: this.n + this.nonResponse + this.invalid,
      notShown: this.notShown,
      total: question.total,
      unit: question.unit ?? null,
      n: this.n,
      nonResponse: this.nonResponse,
      offTotal: this.offTotal,
      invalid: this.invalid,
      bandLabels: [...SHARE_BAND_LABELS],
      items: question.items.map((item, i) => {
        const m = this.moments[i]!;
        const mean = m.mean().value;
        const counts = Array.from(this.bands[i]!);
        const percents = largestRemainder(counts, percentDecimals);
        return {
          code: item.code,
          label: item.label,
          n: m.n,
          mean,
          meanPercent: mean === null ? null : (mean / question.total) * 100,
          sd: m.sd().value,
          min: m.minimum(),
          max: m.maximum(),
          bands: SHARE_BAND_LABELS.map((label, b) => ({ label, count: counts[b]!, percent: percents?.[b] ?? null })),
        };
      }),
    };
  }
}

class NumberCounter implements TableCounter {
  private readonly moments = new RunningMoments();
  private readonly values: number[] = [];
  private readonly declared: Float64Array;
  private readonly bandCounts: Float64Array | null;
  private readonly bandLabels: string[] | null;
  private readonly bandOf: ((x: number) => number) | null;
  private outside = 0;
  private skipped = 0;
  private notShown = 0;
  private invalid = 0;

  constructor(private readonly plan: Extract<TablePlan, { type: 'number' }>) {
    this.declared = new Float64Array(plan.missing?.codes.length ?? 0);
    const q = plan.question;
    if (plan.bands) {
      const bands = plan.bands;
      this.bandLabels = bands.map((b) => b.label);
      this.bandOf = (x) => bandIndex(x, bands);
    } else if (q.unit?.trim() === '%') {
      // a 0-100 % estimate (breedtescan Q22) gets the share bands of Tabel 22
      this.bandLabels = [...SHARE_BAND_LABELS];
      this.bandOf = shareBandIndex;
    } else {
      this.bandLabels = null;
      this.bandOf = null;
    }
    this.bandCounts = this.bandLabels ? new Float64Array(this.bandLabels.length) : null;
  }

  add(num: Float64Array, kind: Uint8Array, shown: boolean): void {
    if (!shown) {
      this.notShown += 1;
      return;
    }
    const i = this.plan.v;
    if (kind[i] === BLANK) {
      this.skipped += 1;
      return;
    }
    const v = num[i]!;
    if (kind[i] !== NUMBER || !Number.isFinite(v)) {
      this.invalid += 1;
      return;
    }
    const slot = this.plan.missing ? this.plan.missing.slot(v) : -1;
    if (slot >= 0) {
      this.declared[slot] = this.declared[slot]! + 1;
      return;
    }
    // a value outside the question's own range (150 for a 0-100 % estimate, typed into a CSV) is no answer
    const q = this.plan.question;
    if ((q.min !== undefined && v < q.min) || (q.max !== undefined && v > q.max)) {
      this.invalid += 1;
      return;
    }
    this.moments.push(v);
    this.values.push(v);
    if (this.bandOf && this.bandCounts) {
      const b = this.bandOf(v);
      if (b >= 0) this.bandCounts[b] = this.bandCounts[b]! + 1;
      else this.outside += 1;
    }
  }

  report(percentDecimals: number): NumberQuestionReport {
    const q = this.plan.question;
    const declared = this.plan.missing
      ? this.plan.missing.codes.map((value, i) => ({ value, label: this.plan.missing!.labels[i]!, count: this.declared[i]! }))
      : [];
    const declaredTotal = declared.reduce((a, d) => a + d.count, 0);
    let bands: NumberQuestionReport['bands'] = null;
    if (this.bandLabels && this.bandCounts) {
      const counts = [...Array.from(this.bandCounts), ...(this.outside > 0 ? [this.outside] : [])];
      const labels = [...this.bandLabels, ...(this.outside > 0 ? ['Buiten de groepen'] : [])];
      const percents = largestRemainder(counts, percentDecimals);
      bands = labels.map((label, i) => ({ label, count: counts[i]!, percent: percents?.[i] ?? null }));
    }
    return {
      type: 'number',
      code: q.code,
      text: q.text,
      shown: this.moments.n + declaredTotal + this.skipped + this.invalid,
      notShown: this.notShown,
      unit: q.unit ?? null,
      n: this.moments.n,
      missing: { skipped: this.skipped, declared: declaredTotal, notShown: this.notShown, invalid: this.invalid },
      declared,
      mean: this.moments.mean().value,
      median: median(this.values).value,
      sd: this.moments.sd().value,
      min: this.moments.minimum(),
      max: this.moments.maximum(),
      bands,
      outsideBands: this.outside,
    };
  }
}

/** The counter for a table plan. */
export function tableCounter(plan: TablePlan): TableCounter {
  switch (plan.type) {
    case 'single':
    case 'yesno':
      return new ChoiceCounter(plan);
    case 'multi':
      return new MultiCounter(plan);
    case 'constantSum':
      return new ConstantSumCounter(plan);
    case 'number':
      return new NumberCounter(plan);
  }
}
