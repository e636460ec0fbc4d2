/** Multiple choice, stored as one 0/1 variable per option (SPSS "multiple dichotomy" set). */
import { asIs, codedAnswers, empty, absent } from '../defaults.js';
import { chosenText, otherOrigin, otherVariable, optionLabelOf, parseOtherText, typedOther } from '../choice.js';
import { fields, nulls, optionCode, OTHER_MAX_LENGTH, sameNamedFields } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { multiSchema } from './schema.js';
import { multiCounter, multiTables, type MultiQuestionReport } from './table.js';

/** Name of the 0/1 variable that says whether `value` was selected. */
export function multiOptionVariable(code: string, value: number): string {
  return `${code}_${value}`;
}

export const multi: QuestionTypeModule<'multi', MultiQuestionReport> = {
  name: 'multiple-choice question',
  definitions: { MultipleChoiceQuestion: multiSchema },
  resolve: asIs,
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
  origin(q, code, base, taken) {
    const path = (k: number) => `${base}.options[${k}].value`;
    const k = q.options.findIndex((o, i) => multiOptionVariable(q.code, o.value) === code && !taken.has(path(i)));
    if (k >= 0) return { path: path(k), what: `the variable for option ${q.options[k]!.value} of ${q.code}` };
    return otherOrigin(q.code, q.options, code, base);
  },
  lint(q, path, ctx) {
    ctx.options(q.options, `${path}.options`, 'multi');
    const n = q.options.length;
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.fault(`${path}.min`, `min ${q.min} is greater than max ${q.max}`);
    if (q.min !== undefined && q.min > n) ctx.fault(`${path}.min`, `min ${q.min} is more than the ${n} options`);
    if (q.max !== undefined && q.max > n) ctx.fault(`${path}.max`, `max ${q.max} is more than the ${n} options`);
    const exclusive = q.options.findIndex((o) => o.exclusive);
    if (exclusive >= 0 && q.min !== undefined && q.min > 1) {
      ctx.fault(`${path}.min`, `with min ${q.min} the exclusive option ${q.options[exclusive]!.value} (options[${exclusive}]) can never be chosen`);
    }
  },
  conditionUse(q) {
    return { kind: 'includes', options: q.options.map((o) => o.value) };
  },
  answers: codedAnswers,
  optionLabel(q, value) {
    return optionLabelOf(q.options, value);
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
    const typed = typedOther(q.code, q.options, form);
    if (typed && !chosen.includes(typed.value)) chosen.push(typed.value);
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
  answerText(q, values) {
    const chosen = q.options.filter((o) => values[multiOptionVariable(q.code, o.value)] === 1);
    return chosen.map((o) => ({ label: null, text: chosenText(o, q.code, values) }));
  },
  scaleItems: empty,
  grouping: absent,
  counter(q, ctx) {
    return multiCounter(q, q.options.map((o) => ctx.at(multiOptionVariable(q.code, o.value))));
  },
  frequencyTables: multiTables,
  spss(q) {
    return { integer: true, textLength: OTHER_MAX_LENGTH, dichotomies: q.options.map((o) => multiOptionVariable(q.code, o.value)) };
  },
};
