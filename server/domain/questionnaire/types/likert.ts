import type { LikertQuestion, Option } from '../schema.js';
import type { QuestionTypeModule } from './module.js';

/** The resolved scale of a Likert matrix (answerScales references are inlined by normalize()). */
export function likertScale(q: LikertQuestion): Option[] {
  if (typeof q.scale === 'string') throw new Error(`scale "${q.scale}" of ${q.code} was not resolved`);
  return q.scale;
}

export const likert: QuestionTypeModule<'likert'> = {
  variables(q) {
    const options = [...likertScale(q), ...q.missing];
    return q.statements.map((s) => ({
      code: s.code,
      question: q.code,
      kind: 'number',
      label: s.text,
      valueLabels: options.map((o) => ({ value: o.value, label: o.label })),
      missingValues: options.filter((o) => o.missing || q.missing.includes(o)).map((o) => o.value),
      measure: 'ordinal',
    }));
  },
};
