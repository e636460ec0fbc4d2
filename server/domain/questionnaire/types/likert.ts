import type { LikertQuestion, Option } from '../schema.js';
import { field, nulls, optionCode, sameNamedFields } from './form.js';
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
  parse(q, form) {
    const allowed = [...likertScale(q), ...q.missing].map((o) => o.value);
    const values = nulls(q.statements.map((s) => s.code));
    const open: string[] = [];
    for (const s of q.statements) {
      const input = field(form, s.code);
      if (input === '') {
        open.push(s.text);
        continue;
      }
      const code = optionCode(input, allowed);
      if (code === undefined) return { error: `Kies bij “${s.text}” een van de gegeven antwoorden.` };
      values[s.code] = code;
    }
    if (q.required && open.length > 0) {
      return {
        error:
          open.length === 1 && q.statements.length > 1
            ? `Kies ook een antwoord bij “${open[0]}”.`
            : open.length === 1
              ? 'Kies een antwoord.'
              : `Kies bij elke stelling een antwoord (nog ${open.length} open).`,
      };
    }
    return { values };
  },
  toForm(q, values) {
    return sameNamedFields(q.statements.map((s) => s.code), values);
  },
};
