/** Pieces of a question type module that many types share: "nothing to add" and the usual answers. */
import { formatNumber } from '../../format/nl.js';
import type { Values, Variable } from '../variables.js';
import { sameNamedFields, type FormInput } from './form.js';
import type { AnswerLine, AnswerSet, ConditionUse, SpssDefinition } from './module.js';

/** No named references to resolve. */
export function asIs<Q>(q: Q): Q {
  return q;
}

/** No rule beyond the schema, no labelled codes, nothing to say. */
export function nothing(): undefined {
  return undefined;
}

/** A type without a frequency table or aspect items. */
export function empty(): [] {
  return [];
}

/** A type that cannot group respondents or has no frequency table. */
export function absent(): null {
  return null;
}

/** Conditions compare its one answer. */
export function byValue(): ConditionUse {
  return { kind: 'value' };
}

/** The answers of a variable with value labels: its codes. */
export function codedAnswers(_q: unknown, v: Variable): AnswerSet {
  return { codes: v.valueLabels.map((l) => l.value), missing: v.missingValues };
}

/** SPSS: whole numbers, no text, no sets. */
export function wholeNumbers(): SpssDefinition {
  return { integer: true, textLength: 0, dichotomies: [] };
}

/** The analysis pieces of a type the report has no table for and that groups nothing (texts, lists). */
export const noAnalysis = { scaleItems: empty, grouping: absent, counter: absent, frequencyTables: empty };

/** The answer of a question stored under its own code, as text (a number in Dutch notation). */
export function ownAnswer(q: { code: string }, values: Values): AnswerLine[] {
  const v = values[q.code];
  if (v === null || v === undefined || v === '') return [];
  return [{ label: null, text: typeof v === 'number' ? formatNumber(v) : v }];
}

/** The one text variable of a question that stores a text under its own code. */
export function textVariable(q: { code: string; text: string }): Variable[] {
  return [{ code: q.code, question: q.code, kind: 'text', label: q.text, valueLabels: [], missingValues: [], measure: 'nominal' }];
}

/**
 * Everything but the name, schema, parsing and SPSS width of a question that stores one free text under its
 * own code, with no options or rules of its own (open, e-mail).
 */
export const freeText = {
  resolve: asIs,
  variables: textVariable,
  origin: nothing,
  lint: nothing,
  conditionUse: byValue,
  answers: absent,
  optionLabel: nothing,
  toForm(q: { code: string }, values: Values): FormInput {
    return sameNamedFields([q.code], values);
  },
  answerText: ownAnswer,
  ...noAnalysis,
};
