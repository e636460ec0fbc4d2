/**
 * A response as its respondent reads it back (the thank-you page's "your answers"): per page of its
 * route, each question shown with its answer in words.
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import { route } from '../questionnaire/routing.js';
import { isQuestion } from '../questionnaire/schema.js';
import { moduleOf } from '../questionnaire/types/index.js';
import type { AnswerLine } from '../questionnaire/types/module.js';
import type { Values } from '../questionnaire/variables.js';

export interface SheetPage {
  title: string | null;
  questions: Array<{ code: string; text: string; lines: AnswerLine[] }>;
}

/** The answers of a response, page by page, in words; questions the route hid are left out. */
export function answerSheet(questionnaire: Questionnaire, values: Values): SheetPage[] {
  const r = route(questionnaire, values);
  return r.pages.map((page) => {
    const p = questionnaire.pages[page];
    const questions = (p?.blocks ?? []).filter(isQuestion).filter((q) => r.shown.has(q.code));
    return {
      title: p?.title ?? null,
      questions: questions.map((q) => ({ code: q.code, text: q.text, lines: moduleOf(q).answerText(r.values) })),
    };
  });
}
