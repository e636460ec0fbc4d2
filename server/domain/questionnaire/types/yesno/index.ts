/** Yes or no, stored as 1 and 0. */
import type { Option } from '../../parts.js';
import { asIs, byValue, codedAnswers, empty, nothing, wholeNumbers } from '../defaults.js';
import { choiceCounter, choiceTables, type ChoiceQuestionReport } from '../choiceTable.js';
import { field, optionCode, sameNamedFields } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { yesNoSchema, type YesNoQuestion } from './schema.js';

export const YES = 1;
export const NO = 0;

/** Yes and no as options. */
function options(q: YesNoQuestion): Option[] {
  return [
    { value: YES, label: q.yesLabel },
    { value: NO, label: q.noLabel },
  ];
}

export const yesno: QuestionTypeModule<'yesno', ChoiceQuestionReport> = {
  name: 'yes/no question',
  definitions: { YesNoQuestion: yesNoSchema },
  resolve: asIs,
  variables(q) {
    return [
      {
        code: q.code,
        question: q.code,
        kind: 'number',
        label: q.text,
        valueLabels: options(q).map((o) => ({ value: o.value, label: o.label })),
        missingValues: [],
        measure: 'nominal',
      },
    ];
  },
  origin: nothing,
  lint: nothing,
  conditionUse: byValue,
  answers: codedAnswers,
  optionLabel(q, value) {
    return value === YES ? q.yesLabel : value === NO ? q.noLabel : undefined;
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
  answerText(q, values) {
    const label = yesno.optionLabel(q, values[q.code] ?? '');
    return label ? [{ label: null, text: label }] : [];
  },
  scaleItems: empty,
  grouping(q) {
    return { kind: 'options', options: options(q), bands: false };
  },
  counter(q, ctx) {
    return choiceCounter('yesno', q, ctx.at(q.code), options(q), []);
  },
  frequencyTables: choiceTables,
  spss: wholeNumbers,
};
