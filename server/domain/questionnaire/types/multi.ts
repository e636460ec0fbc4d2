import type { QuestionTypeModule } from './module.js';
import { otherVariable } from './choice.js';

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
};
