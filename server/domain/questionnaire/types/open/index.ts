/** An open question: one text variable, on one line or several. */
import { absent, asIs, byValue, noAnalysis, nothing, ownAnswer, textVariable } from '../defaults.js';
import { charCount, sameNamedFields, text, tooLong } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { openSchema } from './schema.js';

export const open: QuestionTypeModule<'open'> = {
  name: 'open question',
  definitions: { OpenQuestion: openSchema },
  resolve: asIs,
  variables: textVariable,
  origin: nothing,
  lint: nothing,
  conditionUse: byValue,
  answers: absent,
  optionLabel: nothing,
  parse(q, form) {
    // a single-line field cannot hold line breaks; a tampered one gets them folded to spaces
    const given = q.multiline ? text(form, q.code) : text(form, q.code).replace(/\s*\n\s*/g, ' ');
    if (given === '') return q.required ? { error: 'Vul hier uw antwoord in.' } : { values: { [q.code]: null } };
    if (charCount(given) > q.maxLength) return { error: tooLong(charCount(given), q.maxLength) };
    return { values: { [q.code]: given } };
  },
  toForm(q, values) {
    return sameNamedFields([q.code], values);
  },
  answerText: ownAnswer,
  ...noAnalysis,
  spss(q) {
    return { integer: true, textLength: q.maxLength, dichotomies: [] };
  },
};
