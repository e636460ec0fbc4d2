import { field, nulls, parseDecimal, sameNamedFields, withUnit } from './form.js';
import type { QuestionTypeModule } from './module.js';

export const constantSum: QuestionTypeModule<'constantSum'> = {
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
};
