/**
 * Skip logic: evaluating a showIf condition against the answers given so far.
 * A condition names a question (single, yes/no, number, multiple choice) or a variable
 * (a Likert statement, a constant-sum item). Declared missing codes ("weet niet") never satisfy
 * a numeric comparison; an unanswered question satisfies only `notEquals` and `answered: false`.
 */
import type { Condition } from './schema.js';
import type { Questionnaire } from './normalize.js';
import { indexOf } from './normalize.js';
import { multiOptionVariable } from './types/multi/index.js';
import type { Value, Values } from './variables.js';

/** The codes a condition refers to, for lint. */
export function conditionRefs(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionRefs);
  if ('any' in c) return c.any.flatMap(conditionRefs);
  if ('not' in c) return conditionRefs(c.not);
  return [c.q];
}

function isAnswered(questionnaire: Questionnaire, code: string, values: Values): boolean {
  const index = indexOf(questionnaire);
  const question = index.question.get(code);
  if (!question) return values[code] !== null && values[code] !== undefined;
  return questionnaire.variables.some((v) => v.question === code && values[v.code] !== null && values[v.code] !== undefined);
}

function numeric(questionnaire: Questionnaire, code: string, value: Value): number | null {
  if (typeof value !== 'number') return null;
  const variable = indexOf(questionnaire).variable.get(code);
  return variable?.missingValues.includes(value) ? null : value;
}

/** Does the condition hold for these answers? */
export function evaluate(questionnaire: Questionnaire, c: Condition, values: Values): boolean {
  if ('all' in c) return c.all.every((x) => evaluate(questionnaire, x, values));
  if ('any' in c) return c.any.some((x) => evaluate(questionnaire, x, values));
  if ('not' in c) return !evaluate(questionnaire, c.not, values);
  if (c.answered !== undefined) return isAnswered(questionnaire, c.q, values) === c.answered;
  if (c.includes !== undefined) return values[multiOptionVariable(c.q, c.includes)] === 1;
  const value = values[c.q] ?? null;
  if (c.equals !== undefined) return value === c.equals;
  if (c.notEquals !== undefined) return value !== c.notEquals;
  if (c.in !== undefined) return value !== null && c.in.includes(value);
  const n = numeric(questionnaire, c.q, value);
  if (n === null) return false;
  if (c.gt !== undefined) return n > c.gt;
  if (c.gte !== undefined) return n >= c.gte;
  if (c.lt !== undefined) return n < c.lt;
  if (c.lte !== undefined) return n <= c.lte;
  return false;
}
