/**
 * Skip logic in Dutch words, for people who read a questionnaire rather than answer it: the printed
 * blank questionnaire ("Beantwoord vraag 3 alleen als u bij vraag 2 ‘Ja’ koos"), the preview's panel
 * of hidden questions and the list of changes between two versions. Every condition can be said,
 * including `not`, `any` and the cases where an unanswered question counts (see conditions.ts).
 */
import { formatNumber } from '../format/nl.js';
import { indexOf, type Questionnaire } from './normalize.js';
import type { Condition } from './schema.js';
import { moduleOf } from './types/index.js';

/** How a question is named in a sentence: "vraag 3" on paper, "Q2" in a list of changes. */
export type QuestionReference = (code: string) => string;

/** Questions numbered 1, 2, … in the order they are asked (text blocks are not numbered). */
export function questionNumbers(questionnaire: Questionnaire): Map<string, number> {
  return new Map(indexOf(questionnaire).questions.map((q, i) => [q.code, i + 1]));
}

/**
 * "vraag 3" for a question, "stelling ‘…’ van vraag 5" for a Likert statement or constant-sum item,
 * by the numbering of `questionNumbers`.
 */
export function numberedReference(questionnaire: Questionnaire): QuestionReference {
  const numbers = questionNumbers(questionnaire);
  const index = indexOf(questionnaire);
  return (code) => {
    const own = numbers.get(code);
    if (own !== undefined) return `vraag ${own}`;
    const owner = index.owner.get(code);
    const variable = index.variable.get(code);
    const ownerNumber = owner === undefined ? undefined : numbers.get(owner);
    if (ownerNumber !== undefined && variable) return `‘${variable.label}’ van vraag ${ownerNumber}`;
    return code;
  };
}

/** "Q3" for a question, "Q6_1" for a statement: the codes as they are. */
export const codeReference: QuestionReference = (code) => code;

function label(questionnaire: Questionnaire, code: string, value: number | string): string {
  const question = indexOf(questionnaire).question.get(code);
  const option = question ? moduleOf(question).optionLabel(value) : undefined;
  const valueLabel = indexOf(questionnaire).variable.get(code)?.valueLabels.find((v) => v.value === value)?.label;
  const known = option ?? valueLabel;
  if (known !== undefined) return `‘${known}’`;
  return typeof value === 'number' ? formatNumber(value) : `‘${value}’`;
}

function comparison(questionnaire: Questionnaire, c: Extract<Condition, { q: string }>, ref: QuestionReference): string {
  const at = `bij ${ref(c.q)}`;
  const is = (v: number | string) => label(questionnaire, c.q, v);
  if (c.equals !== undefined) return `u ${at} ${is(c.equals)} koos`;
  if (c.notEquals !== undefined) return `u ${at} niet ${is(c.notEquals)} koos (of de vraag oversloeg)`;
  if (c.in !== undefined) return `u ${at} ${c.in.map(is).join(' of ')} koos`;
  if (c.includes !== undefined) return `u ${at} ${is(c.includes)} aanvinkte`;
  if (c.gt !== undefined) return `u ${at} meer dan ${formatNumber(c.gt)} invulde`;
  if (c.gte !== undefined) return `u ${at} ${formatNumber(c.gte)} of meer invulde`;
  if (c.lt !== undefined) return `u ${at} minder dan ${formatNumber(c.lt)} invulde`;
  if (c.lte !== undefined) return `u ${at} ${formatNumber(c.lte)} of minder invulde`;
  if (c.answered === false) return `u ${ref(c.q)} niet beantwoordde`;
  return `u ${ref(c.q)} beantwoordde`;
}

/** The condition as the end of a sentence: "u bij vraag 2 ‘Ja’ koos en u bij vraag 4 10 of meer invulde". */
export function conditionInWords(questionnaire: Questionnaire, c: Condition, ref: QuestionReference = numberedReference(questionnaire)): string {
  const part = (x: Condition) => {
    const words = conditionInWords(questionnaire, x, ref);
    return 'all' in x || 'any' in x ? `(${words})` : words;
  };
  if ('all' in c) return c.all.map(part).join(' en ');
  if ('any' in c) return c.any.map(part).join(' of ');
  if ('not' in c) return `het niet zo is dat ${part(c.not)}`;
  return comparison(questionnaire, c, ref);
}

/** "Beantwoord vraag 3 alleen als u bij vraag 2 ‘Ja’ koos." */
export function answerOnlyIf(questionnaire: Questionnaire, code: string, c: Condition, ref: QuestionReference = numberedReference(questionnaire)): string {
  return `Beantwoord ${ref(code)} alleen als ${conditionInWords(questionnaire, c, ref)}.`;
}
