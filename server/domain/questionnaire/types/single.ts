import type { QuestionTypeModule } from './module.js';
import { missingCodes, otherVariable, parseOtherText, valueLabels } from './choice.js';
import { field, nulls, optionCode, sameNamedFields } from './form.js';

export const single: QuestionTypeModule<'single'> = {
  variables(q) {
    return [
      {
        code: q.code,
        question: q.code,
        kind: 'number',
        label: q.text,
        valueLabels: valueLabels(q.options),
        missingValues: missingCodes(q.options),
        measure: 'nominal',
      },
      ...otherVariable(q.code, q.options),
    ];
  },
  parse(q, form) {
    const values = nulls(single.variables(q).map((v) => v.code));
    const input = field(form, q.code);
    if (input === '') return q.required ? { error: 'Kies een antwoord.' } : { values };
    const code = optionCode(input, q.options.map((o) => o.value));
    if (code === undefined) return { error: 'Kies een van de gegeven antwoorden.' };
    values[q.code] = code;
    const other = parseOtherText(q.code, q.options, [code], form);
    if ('error' in other) return other;
    return { values: { ...values, ...other.values } };
  },
  toForm(q, values) {
    return sameNamedFields([q.code, `${q.code}_other`], values);
  },
};
