import { charCount, field, sameNamedFields } from './form.js';
import type { QuestionTypeModule } from './module.js';

/** Deliberately loose: one @, no spaces, a dot in the domain. The address is for a human to read. */
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export const email: QuestionTypeModule<'email'> = {
  variables(q) {
    return [{ code: q.code, question: q.code, kind: 'text', label: q.text, valueLabels: [], missingValues: [], measure: 'nominal' }];
  },
  parse(q, form) {
    const given = field(form, q.code);
    if (given === '') return q.required ? { error: 'Vul uw e-mailadres in.' } : { values: { [q.code]: null } };
    if (charCount(given) > 254 || !emailPattern.test(given)) {
      return { error: 'Dit is geen geldig e-mailadres. Vul een adres in zoals naam@organisatie.nl.' };
    }
    return { values: { [q.code]: given } };
  },
  toForm(q, values) {
    return sameNamedFields([q.code], values);
  },
};
