import { charCount, sameNamedFields, text, tooLong } from './form.js';
import type { QuestionTypeModule } from './module.js';

export const open: QuestionTypeModule<'open'> = {
  variables(q) {
    return [{ code: q.code, question: q.code, kind: 'text', label: q.text, valueLabels: [], missingValues: [], measure: 'nominal' }];
  },
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
};
