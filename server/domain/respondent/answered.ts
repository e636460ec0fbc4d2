/**
 * What a response has answered, in the parts a respondent counts: each statement of a matrix, and
 * every other question as a whole. A declared missing answer ("weet niet", "geen oordeel") is an
 * answer; a question hidden by routing is not asked, so it is neither answered nor unanswered.
 */
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import { route, type Route } from '../questionnaire/routing.js';
import { isQuestion, type Question } from '../questionnaire/schema.js';
import { moduleOf } from '../questionnaire/types/index.js';
import type { Values } from '../questionnaire/variables.js';

/** One countable part: a matrix statement or a question. */
export interface Part {
  code: string;
  /** The question it belongs to (its own code for a question). */
  question: string;
  /** The statement or the question text. */
  text: string;
  kind: 'statement' | 'question';
  answered: boolean;
}

const variableCodes = new WeakMap<Question, string[]>();

function variablesOf(q: Question): string[] {
  let codes = variableCodes.get(q);
  if (!codes) {
    codes = moduleOf(q).variables().map((v) => v.code);
    variableCodes.set(q, codes);
  }
  return codes;
}

function has(values: Values, code: string): boolean {
  const v = values[code];
  return v !== null && v !== undefined && v !== '';
}

/** Whether a question has any answer. */
export function questionAnswered(q: Question, values: Values): boolean {
  return variablesOf(q).some((code) => has(values, code));
}

/** Whether a question or variable code has an answer (a question: any of its variables). */
export function codeAnswered(questionnaire: Questionnaire, code: string, values: Values): boolean {
  const q = indexOf(questionnaire).question.get(code);
  return q ? questionAnswered(q, values) : has(values, code);
}

/** The parts of one question: its statements when it is a matrix, else the question itself. */
export function partsOf(q: Question, values: Values): Part[] {
  const statements = moduleOf(q).scaleItems();
  if (statements.length > 0) return statements.map((s) => ({ code: s.code, question: q.code, text: s.label, kind: 'statement', answered: has(values, s.code) }));
  return [{ code: q.code, question: q.code, text: q.text, kind: 'question', answered: questionAnswered(q, values) }];
}

/** The parts of each page on the route, contact questions left out (they are no part of the response). */
export function partsByPage(questionnaire: Questionnaire, values: Values, r: Route = route(questionnaire, values)): Array<{ page: number; parts: Part[] }> {
  return r.pages.map((page) => ({
    page,
    parts: (questionnaire.pages[page]?.blocks ?? []).flatMap((b) => (isQuestion(b) && !b.contact && r.shown.has(b.code) ? partsOf(b, r.values) : [])),
  }));
}
