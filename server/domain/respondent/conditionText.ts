/**
 * A Dutch sentence saying when a question applies, for respondents without JavaScript: they see a
 * same-page follow-up question right away and need to know whether to answer it.
 */
import { formatNumber } from '../format/nl.js';
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import type { Condition, Question } from '../questionnaire/schema.js';
import { moduleOf } from '../questionnaire/types/index.js';

function optionLabel(question: Question | undefined, value: number | string): string | undefined {
  return question ? moduleOf(question).optionLabel(value) : undefined;
}

function describeOne(questionnaire: Questionnaire, c: Condition): string | undefined {
  if (!('q' in c)) return undefined;
  const index = indexOf(questionnaire);
  const question = index.question.get(c.q);
  const label = question?.text ?? index.variable.get(c.q)?.label;
  if (!label) return undefined;
  const at = `bij “${label}”`;
  if (c.equals !== undefined) {
    const option = optionLabel(question, c.equals);
    return option ? `u ${at} “${option}” hebt gekozen` : undefined;
  }
  if (c.includes !== undefined) {
    const option = optionLabel(question, c.includes);
    return option ? `u ${at} “${option}” hebt aangevinkt` : undefined;
  }
  if (c.in !== undefined) {
    const options = c.in.map((v) => optionLabel(question, v));
    if (options.some((o) => o === undefined)) return undefined;
    return `u ${at} ${options.map((o) => `“${o}”`).join(' of ')} hebt gekozen`;
  }
  if (c.gt !== undefined) return `u ${at} meer dan ${formatNumber(c.gt)} hebt ingevuld`;
  if (c.gte !== undefined) return `u ${at} ${formatNumber(c.gte)} of meer hebt ingevuld`;
  if (c.lt !== undefined) return `u ${at} minder dan ${formatNumber(c.lt)} hebt ingevuld`;
  if (c.lte !== undefined) return `u ${at} ${formatNumber(c.lte)} of minder hebt ingevuld`;
  if (c.answered === true) return `u ${at} een antwoord hebt gegeven`;
  return undefined;
}

/** "Beantwoord deze vraag alleen als u bij “Wilt u contact?” “Ja” hebt gekozen." (or a general hint). */
export function applicabilityHint(questionnaire: Questionnaire, c: Condition): string {
  const parts = 'all' in c ? c.all.map((x) => describeOne(questionnaire, x)) : [describeOne(questionnaire, c)];
  if (parts.length > 0 && parts.every((p) => p !== undefined)) {
    return `Beantwoord deze vraag alleen als ${parts.join(' en ')}.`;
  }
  return 'Beantwoord deze vraag alleen als zij van toepassing is op grond van uw antwoord hierboven.';
}
