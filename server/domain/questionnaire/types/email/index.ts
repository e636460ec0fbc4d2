/** An e-mail address (usually a contact question, stored apart from the response). */
import { freeText } from '../defaults.js';
import { charCount, field } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { emailSchema } from './schema.js';

/** Deliberately loose: one @, no spaces, a dot in the domain. The address is for a human to read. */
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The longest address SMTP allows (RFC 5321). */
const MAX_LENGTH = 254;

export const email: QuestionTypeModule<'email'> = {
  name: 'e-mailvraag',
  definitions: { EmailQuestion: emailSchema },
  ...freeText,
  parse(q, form) {
    const given = field(form, q.code);
    if (given === '') return q.required ? { error: 'Vul uw e-mailadres in.' } : { values: { [q.code]: null } };
    if (charCount(given) > MAX_LENGTH || !emailPattern.test(given)) {
      return { error: 'Dit is geen geldig e-mailadres. Vul een adres in zoals naam@organisatie.nl.' };
    }
    return { values: { [q.code]: given } };
  },
  spss() {
    return { integer: true, textLength: MAX_LENGTH, dichotomies: [] };
  },
};
