import type { QuestionTypeModule } from './module.js';

/** A list of up to N open entries is stored as `<code>_1` … `<code>_N`. */
export const list: QuestionTypeModule<'list'> = {
  variables(q) {
    return Array.from({ length: q.maxEntries }, (_, i) => ({
      code: `${q.code}_${i + 1}`,
      question: q.code,
      kind: 'text' as const,
      label: `${q.text} (${i + 1})`,
      valueLabels: [],
      missingValues: [],
      measure: 'nominal' as const,
    }));
  },
};
