/**
 * Applying skip logic to a whole response: which pages and questions are shown, and the answers
 * with everything a route hides dropped. Conditions refer only to earlier questions (lint checks
 * this), so one pass in page order decides every question.
 */
import { evaluate } from './conditions.js';
import type { Questionnaire } from './normalize.js';
import { isQuestion } from './schema.js';
import type { Values } from './variables.js';

export interface Route {
  /** Indexes of the pages shown, in order. */
  pages: number[];
  /** Codes of the questions shown. */
  shown: Set<string>;
  /** The answers with the variables of hidden questions removed. */
  values: Values;
}

/** Decide the route for a set of answers. */
export function route(questionnaire: Questionnaire, values: Values): Route {
  const kept: Values = { ...values };
  const pages: number[] = [];
  const shown = new Set<string>();
  const hide = (code: string) => {
    for (const v of questionnaire.variables) if (v.question === code) delete kept[v.code];
  };
  questionnaire.pages.forEach((page, i) => {
    const pageShown = !page.showIf || evaluate(questionnaire, page.showIf, kept);
    let anyShown = false;
    for (const block of page.blocks) {
      const blockShown = pageShown && (!block.showIf || evaluate(questionnaire, block.showIf, kept));
      if (!isQuestion(block)) continue;
      if (blockShown) {
        shown.add(block.code);
        anyShown = true;
      } else hide(block.code);
    }
    if (pageShown && (anyShown || page.blocks.every((b) => !isQuestion(b)))) pages.push(i);
  });
  return { pages, shown, values: kept };
}
