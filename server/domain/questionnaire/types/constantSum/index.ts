/** A constant sum: items that must add up to a total (e.g. 100 % over the partners). */
import { asIs, empty, absent, nothing } from '../defaults.js';
import { field, nulls, parseDecimal, sameNamedFields, withUnit } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { constantSumSchema } from './schema.js';
import { constantSumCounter, constantSumTables, type ConstantSumQuestionReport } from './table.js';

export const constantSum: QuestionTypeModule<'constantSum', ConstantSumQuestionReport> = {
  name: 'constant-sum question',
  definitions: { ConstantSumQuestion: constantSumSchema },
  resolve: asIs,
  variables(q) {
    return q.items.map((item) => ({
      code: item.code,
      question: q.code,
      kind: 'number' as const,
      label: q.unit ? `${q.text}: ${item.label} (${q.unit})` : `${q.text}: ${item.label}`,
      valueLabels: [],
      missingValues: [],
      measure: 'scale' as const,
    }));
  },
  origin(q, code, base, taken) {
    const path = (k: number) => `${base}.items[${k}].code`;
    const k = q.items.findIndex((item, i) => item.code === code && !taken.has(path(i)));
    return k >= 0 ? { path: path(k), what: `an item of constant-sum question ${q.code}` } : undefined;
  },
  lint(q, path, ctx) {
    if (q.integer && !Number.isInteger(q.total)) ctx.fault(`${path}.total`, `whole-number items can never add up to ${q.total}`);
  },
  conditionUse() {
    return { kind: 'parts', parts: 'items' };
  },
  answers(q) {
    return { lo: 0, hi: q.total, integer: q.integer, missing: [] };
  },
  optionLabel: nothing,
  parse(q, form) {
    const values = nulls(q.items.map((i) => i.code));
    const given = q.items.map((item) => ({ item, input: field(form, item.code) }));
    if (given.every((g) => g.input === '')) {
      return q.required ? { error: `Verdeel ${withUnit(q.total, q.unit)} over de onderdelen.` } : { values };
    }
    let sum = 0;
    for (const { item, input } of given) {
      // once one item is filled, a blank item means "none of it"
      const n = input === '' ? 0 : parseDecimal(input, q.unit);
      if (n === null) return { error: `“${input}” bij “${item.label}” is geen getal.` };
      if (n < 0) return { error: `Vul bij “${item.label}” een getal van 0 of meer in.` };
      if (q.integer && !Number.isInteger(n)) return { error: `Vul bij “${item.label}” een heel getal in, zonder komma.` };
      values[item.code] = n;
      sum += n;
    }
    // decimals are summed in floating point; compare with a tolerance far below any typed precision
    if (Math.abs(sum - q.total) > 1e-9) {
      return { error: `De verdeling telt op tot ${withUnit(Number(sum.toFixed(6)), q.unit)}; dat moet ${withUnit(q.total, q.unit)} zijn.` };
    }
    return { values };
  },
  toForm(q, values) {
    return sameNamedFields(q.items.map((i) => i.code), values);
  },
  answerText(q, values) {
    if (!q.items.some((i) => typeof values[i.code] === 'number')) return [];
    return q.items.map((i) => {
      const v = values[i.code];
      return { label: i.label, text: typeof v === 'number' ? withUnit(v, q.unit) : null };
    });
  },
  scaleItems: empty,
  grouping: absent,
  counter(q, ctx) {
    return constantSumCounter(q, q.items.map((item) => ctx.at(item.code)));
  },
  frequencyTables: constantSumTables,
  spss(q) {
    return { integer: q.integer, textLength: 0, dichotomies: [] };
  },
};
