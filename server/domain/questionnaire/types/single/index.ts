/** Single choice (radio buttons or a dropdown): one coded, nominal variable, plus an "anders, namelijk" text. */
import { asIs, byValue, codedAnswers, empty } from '../defaults.js';
import { chosenText, missingCodes, optionLabelOf, otherOrigin, otherTextLabel, otherVariable, parseOtherText, typedOther, valueLabels } from '../choice.js';
import { choiceCounter, choiceTables, type ChoiceQuestionReport } from '../choiceTable.js';
import { field, nulls, optionCode, OTHER_MAX_LENGTH, sameNamedFields } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { singleSchema } from './schema.js';

export const single: QuestionTypeModule<'single', ChoiceQuestionReport> = {
  name: 'single-choice question',
  definitions: { SingleChoiceQuestion: singleSchema },
  resolve: asIs,
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
  origin(q, code, base) {
    return otherOrigin(q.code, q.options, code, base);
  },
  lint(q, path, ctx) {
    ctx.options(q.options, `${path}.options`, 'single');
  },
  conditionUse: byValue,
  answers: codedAnswers,
  optionLabel(q, value) {
    return optionLabelOf(q.options, value);
  },
  parse(q, form) {
    const values = nulls(single.variables(q).map((v) => v.code));
    const input = field(form, q.code);
    const typed = typedOther(q.code, q.options, form);
    if (input === '' && !typed) return q.required ? { error: 'Kies een antwoord.' } : { values };
    const code = input === '' ? typed!.value : optionCode(input, q.options.map((o) => o.value));
    if (code === undefined) return { error: 'Kies een van de gegeven antwoorden.' };
    if (typed && code !== typed.value) {
      // without JavaScript the order of choosing and typing is unknown: the respondent decides, nothing is dropped
      return {
        error: `U hebt “${optionLabelOf(q.options, code)}” gekozen en ook iets ingevuld bij “${otherTextLabel(typed)}”. Kies “${typed.label}” of maak het tekstvak leeg.`,
      };
    }
    values[q.code] = code;
    const other = parseOtherText(q.code, q.options, [code], form);
    if ('error' in other) return other;
    return { values: { ...values, ...other.values } };
  },
  toForm(q, values) {
    return sameNamedFields([q.code, `${q.code}_other`], values);
  },
  answerText(q, values) {
    const option = q.options.find((o) => o.value === values[q.code]);
    return option ? [{ label: null, text: chosenText(option, q.code, values) }] : [];
  },
  scaleItems: empty,
  grouping(q) {
    return { kind: 'options', options: q.options, bands: true };
  },
  counter(q, ctx) {
    return choiceCounter('single', q, ctx.at(q.code), q.options.filter((o) => !o.missing), q.options.filter((o) => o.missing));
  },
  frequencyTables: choiceTables,
  spss() {
    return { integer: true, textLength: OTHER_MAX_LENGTH, dichotomies: [] };
  },
};
