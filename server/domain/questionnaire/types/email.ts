import type { QuestionTypeModule } from './module.js';

export const email: QuestionTypeModule<'email'> = {
  variables(q) {
    return [{ code: q.code, question: q.code, kind: 'text', label: q.text, valueLabels: [], missingValues: [], measure: 'nominal' }];
  },
};
