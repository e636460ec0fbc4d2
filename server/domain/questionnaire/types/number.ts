import { formatNumber } from '../../format/nl.js';
import { field, parseDecimal, sameNamedFields } from './form.js';
import type { QuestionTypeModule } from './module.js';

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

export const number: QuestionTypeModule<'number'> = {
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
};
