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
  /**
   * The answers with the variables of hidden questions removed: a copy when something was removed,
   * else the given object itself (read it, do not change it).
   */
  values: Values;
}

interface RouteShape {
  /** Variable codes of each question, to drop a hidden question's answers without scanning every variable. */
  variablesOf: Map<string, string[]>;
  /** Pages without questions (text only), shown whenever their own condition holds. */
  textOnly: boolean[];
}

// a questionnaire object never changes once normalized (a refreshed snapshot is a new object)
const shapes = new WeakMap<Questionnaire, RouteShape>();

function shapeOf(questionnaire: Questionnaire): RouteShape {
  let shape = shapes.get(questionnaire);
  if (shape) return shape;
  const variablesOf = new Map<string, string[]>();
  for (const v of questionnaire.variables) {
    const list = variablesOf.get(v.question);
    if (list) list.push(v.code);
    else variablesOf.set(v.question, [v.code]);
  }
  shape = { variablesOf, textOnly: questionnaire.pages.map((page) => page.blocks.every((b) => !isQuestion(b))) };
  shapes.set(questionnaire, shape);
  return shape;
}

/** Decide the route for a set of answers. */
/** `kept` without `code`: a copy of `values` the first time an answer is dropped, the same copy after. */
function without(kept: Values, values: Values, code: string): Values {
  if (!Object.hasOwn(kept, code)) return kept;
  if (kept === values) {
    kept = {};
    for (const c in values) kept[c] = values[c]!;
  }
  delete kept[code];
  return kept;
}

export function route(questionnaire: Questionnaire, values: Values): Route {
  const { variablesOf, textOnly } = shapeOf(questionnaire);
  // the answers are copied only when a hidden question has one to drop (most routes drop nothing);
  // key by key: spreading an object of many answers (dictionary mode) costs four times as much
  let kept = values;
  const pages: number[] = [];
  const shown = new Set<string>();
  const pageList = questionnaire.pages;
  for (let i = 0; i < pageList.length; i++) {
    const page = pageList[i]!;
    const pageShown = !page.showIf || evaluate(questionnaire, page.showIf, kept);
    let anyShown = false;
    for (const block of page.blocks) {
      if (!isQuestion(block)) continue;
      const blockShown = pageShown && (!block.showIf || evaluate(questionnaire, block.showIf, kept));
      if (blockShown) {
        shown.add(block.code);
        anyShown = true;
      } else {
        for (const code of variablesOf.get(block.code) ?? []) kept = without(kept, values, code);
      }
    }
    if (pageShown && (anyShown || textOnly[i])) pages.push(i);
  }
  return { pages, shown, values: kept };
}
