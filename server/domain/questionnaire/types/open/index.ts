/** An open question: one text variable, on one line or several. */
import { freeText } from '../defaults.js';
import { charCount, text, tooLong } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { openSchema } from './schema.js';

export const open: QuestionTypeModule<'open'> = {
  name: 'open vraag',
  definitions: { OpenQuestion: openSchema },
  ...freeText,
  parse(q, form) {
    // a single-line field cannot hold line breaks; a tampered one gets them folded to spaces
    const given = q.multiline ? text(form, q.code) : text(form, q.code).replace(/\s*\n\s*/g, ' ');
    if (given === '') return q.required ? { error: 'Vul hier uw antwoord in.' } : { values: { [q.code]: null } };
    if (charCount(given) > q.maxLength) return { error: tooLong(charCount(given), q.maxLength) };
    return { values: { [q.code]: given } };
  },
  spss(q) {
    return { integer: true, textLength: q.maxLength, dichotomies: [] };
  },
};
