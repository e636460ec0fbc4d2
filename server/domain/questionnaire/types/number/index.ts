/** A number, optionally whole, within a range, with a unit and a "weet niet" answer outside the range. */
import { formatNumber } from '../../../format/nl.js';
import { rangeOf } from '../../lint/model.js';
import { asIs, byValue, empty, nothing } from '../defaults.js';
import { field, parseDecimal, sameNamedFields, withUnit } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { numberSchema } from './schema.js';
import { numberCounter, numberTables, type NumberQuestionReport } from './table.js';

/** Name of the checkbox field of a number question's "weet niet" answer. */
export function dontKnowField(code: string): string {
  return `${code}_weetniet`;
}

function rangeText(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `van ${formatNumber(min)} tot en met ${formatNumber(max)}`;
  if (min !== undefined) return `van ten minste ${formatNumber(min)}`;
  if (max !== undefined) return `van ten hoogste ${formatNumber(max)}`;
  return '';
}

export const number: QuestionTypeModule<'number', NumberQuestionReport> = {
  name: 'number question',
  definitions: { NumberQuestion: numberSchema },
  resolve: asIs,
  variables(q) {
    return [
      {
        code: q.code,
        question: q.code,
        kind: 'number',
        label: q.unit ? `${q.text} (${q.unit})` : q.text,
        valueLabels: q.dontKnow ? [{ value: q.dontKnow.value, label: q.dontKnow.label }] : [],
        missingValues: q.dontKnow ? [q.dontKnow.value] : [],
        measure: 'scale',
      },
    ];
  },
  origin: nothing,
  lint(q, path, ctx) {
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.fault(`${path}.min`, `min ${q.min} is greater than max ${q.max}`);
    if (q.dontKnow) {
      ctx.options([q.dontKnow], `${path}.dontKnow`, 'dontKnow');
      const v = q.dontKnow.value;
      if ((q.min === undefined || v >= q.min) && (q.max === undefined || v <= q.max)) {
        ctx.fault(`${path}.dontKnow.value`, `the "don't know" code ${v} lies inside the answer range (${rangeOf(q.min, q.max)}), so it could be a real answer`);
      }
    }
  },
  conditionUse: byValue,
  answers(q) {
    return { lo: q.min, hi: q.max, integer: q.integer, missing: q.dontKnow ? [q.dontKnow.value] : [] };
  },
  optionLabel: nothing,
  parse(q, form) {
    const input = field(form, q.code);
    const dontKnow = q.dontKnow !== undefined && field(form, dontKnowField(q.code)) !== '';
    const dkLabel = q.dontKnow?.label ?? '';
    if (dontKnow && input !== '') return { error: `Vul een getal in of kies “${dkLabel}”, niet allebei.` };
    if (dontKnow && q.dontKnow) return { values: { [q.code]: q.dontKnow.value } };
    if (input === '') {
      if (!q.required) return { values: { [q.code]: null } };
      return { error: q.dontKnow ? `Vul een getal in of kies “${dkLabel}”.` : 'Vul een getal in.' };
    }
    const n = parseDecimal(input, q.unit);
    const range = rangeText(q.min, q.max);
    if (n === null) return { error: `“${input}” is geen getal. Vul een ${q.integer ? 'heel ' : ''}getal in${range ? ` ${range}` : ''}.` };
    if (q.integer && !Number.isInteger(n)) return { error: `Vul een heel getal in, zonder komma${range ? `, ${range}` : ''}.` };
    if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) return { error: `Vul een getal in ${range}.` };
    return { values: { [q.code]: n } };
  },
  toForm(q, values) {
    if (q.dontKnow && values[q.code] === q.dontKnow.value) return { [dontKnowField(q.code)]: '1' };
    return sameNamedFields([q.code], values);
  },
  answerText(q, values) {
    const v = values[q.code];
    if (typeof v !== 'number') return [];
    return [{ label: null, text: q.dontKnow && v === q.dontKnow.value ? q.dontKnow.label : withUnit(v, q.unit) }];
  },
  scaleItems: empty,
  grouping(q) {
    return { kind: 'number', missing: q.dontKnow ? [q.dontKnow.value] : [] };
  },
  counter(q, ctx) {
    return numberCounter(q, ctx.at(q.code), ctx.bands);
  },
  frequencyTables: numberTables,
  spss(q) {
    return { integer: q.integer, textLength: 0, dichotomies: [] };
  },
};
