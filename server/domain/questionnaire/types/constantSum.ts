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
};
