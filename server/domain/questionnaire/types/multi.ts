import type { QuestionTypeModule } from './module.js';
import { otherVariable, parseOtherText } from './choice.js';
import { fields, nulls, optionCode, sameNamedFields } from './form.js';

/** Name of the 0/1 variable that says whether `value` was selected. */
export function multiOptionVariable(code: string, value: number): string {
  return `${code}_${value}`;
}

/** Multiple choice is stored as one 0/1 variable per option (SPSS "multiple dichotomy" set). */
export const multi: QuestionTypeModule<'multi'> = {
  variables(q) {
    return [
      ...q.options.map((o) => ({
        code: multiOptionVariable(q.code, o.value),
        question: q.code,
        kind: 'number' as const,
        label: `${q.text}: ${o.label}`,
        valueLabels: [
          { value: 0, label: 'niet gekozen' },
          { value: 1, label: 'gekozen' },
        ],
        missingValues: [],
        measure: 'nominal' as const,
      })),
      ...otherVariable(q.code, q.options),
    ];
  },
  parse(q, form) {
    const values = nulls(multi.variables(q).map((v) => v.code));
    const allowed = q.options.map((o) => o.value);
    const chosen: number[] = [];
    for (const input of fields(form, q.code)) {
      const code = optionCode(input, allowed);
      if (code === undefined) return { error: 'Kies uit de gegeven antwoorden.' };
      if (!chosen.includes(code)) chosen.push(code);
    }
    if (chosen.length === 0) return q.required ? { error: 'Kies ten minste één antwoord.' } : { values };
    const exclusive = q.options.find((o) => o.exclusive && chosen.includes(o.value));
    if (exclusive && chosen.length > 1) return { error: `“${exclusive.label}” kunt u niet combineren met andere antwoorden.` };
    if (q.min !== undefined && chosen.length < q.min && !exclusive) {
      return { error: `Kies ten minste ${q.min} antwoorden (u koos er ${chosen.length}).` };
    }
    if (q.max !== undefined && chosen.length > q.max) {
      return { error: `Kies ten hoogste ${q.max} ${q.max === 1 ? 'antwoord' : 'antwoorden'} (u koos er ${chosen.length}).` };
    }
    for (const o of q.options) values[multiOptionVariable(q.code, o.value)] = chosen.includes(o.value) ? 1 : 0;
    const other = parseOtherText(q.code, q.options, chosen, form);
    if ('error' in other) return other;
    return { values: { ...values, ...other.values } };
  },
  toForm(q, values) {
    const chosen = q.options.filter((o) => values[multiOptionVariable(q.code, o.value)] === 1).map((o) => String(o.value));
    return { ...(chosen.length > 0 ? { [q.code]: chosen } : {}), ...sameNamedFields([`${q.code}_other`], values) };
  },
};
