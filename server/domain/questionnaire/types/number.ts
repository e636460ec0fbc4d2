import type { QuestionTypeModule } from './module.js';

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
};
