import type { QuestionTypeModule } from './module.js';
import { missingCodes, otherVariable, valueLabels } from './choice.js';

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
};
