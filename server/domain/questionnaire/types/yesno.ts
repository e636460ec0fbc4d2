import { field, optionCode, sameNamedFields } from './form.js';
import type { QuestionTypeModule } from './module.js';

export const YES = 1;
export const NO = 0;

export const yesno: QuestionTypeModule<'yesno'> = {
  variables(q) {
    return [
      {
        code: q.code,
        question: q.code,
        kind: 'number',
        label: q.text,
        valueLabels: [
          { value: YES, label: q.yesLabel },
          { value: NO, label: q.noLabel },
        ],
        missingValues: [],
        measure: 'nominal',
      },
    ];
  },
  parse(q, form) {
    const input = field(form, q.code);
    if (input === '') return q.required ? { error: `Kies “${q.yesLabel}” of “${q.noLabel}”.` } : { values: { [q.code]: null } };
    const code = optionCode(input, [YES, NO]);
    if (code === undefined) return { error: `Kies “${q.yesLabel}” of “${q.noLabel}”.` };
    return { values: { [q.code]: code } };
  },
  toForm(q, values) {
    return sameNamedFields([q.code], values);
  },
};
