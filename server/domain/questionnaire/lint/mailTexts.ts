/** The invitation and reminder texts a questionnaire carries: the same checks as the texts on the wave form. */
import { checkTemplate } from '../../fieldwork/templateCheck.js';
import type { MailTexts } from '../schema.js';

/** Report each text a wave could not be saved with (the message is the wave form's own, in Dutch). */
export function checkMailTexts(texts: MailTexts, fault: (path: string, message: string) => void): void {
  for (const [key, value] of Object.entries(texts) as Array<[keyof MailTexts, string | undefined]>) {
    if (value === undefined) continue;
    const subject = key.endsWith('Subject');
    const problem = subject ? checkTemplate(value, { singleLine: true }) : checkTemplate(value, { required: ['link', 'optOutLink'] });
    if (problem) fault(`mailTexts.${key}`, `not usable as ${subject ? 'a subject' : 'a message'}: ${problem}`);
  }
}
