/**
 * The respondent's walk through a questionnaire, page by page: what a page shows, where next and
 * back lead, how a submitted page becomes Values, and whether a whole response is complete.
 * Pure: the routes load and store drafts, this decides.
 */
import { conditionRefs, evaluate } from '../questionnaire/conditions.js';
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import { route, type Route } from '../questionnaire/routing.js';
import { isQuestion, type Condition, type Question, type TextBlock } from '../questionnaire/schema.js';
import type { FormInput } from '../questionnaire/types/form.js';
import { moduleOf } from '../questionnaire/types/index.js';
import type { Values } from '../questionnaire/variables.js';

export type PageItem =
  | { kind: 'text'; block: TextBlock; dependent: Condition | null }
  | {
      kind: 'question';
      question: Question;
      /**
       * The question's condition when it depends on an answer on this same page: the page shows it
       * (a browser without JavaScript cannot hide it on the fly) and the server drops the answer when
       * the condition turns out false. Null for questions shown unconditionally.
       */
      dependent: Condition | null;
    };

/** Does the condition refer to a question asked on page `page`? */
export function dependsOnPage(questionnaire: Questionnaire, condition: Condition, page: number): boolean {
  const index = indexOf(questionnaire);
  return conditionRefs(condition).some((code) => index.pageOf.get(index.owner.get(code) ?? code) === page);
}

/** The blocks page `page` shows for the answers given so far, in order. */
export function pageItems(questionnaire: Questionnaire, values: Values, page: number, r: Route = route(questionnaire, values)): PageItem[] {
  const p = questionnaire.pages[page];
  if (!p) return [];
  const kept = r.values;
  const items: PageItem[] = [];
  for (const block of p.blocks) {
    const condition = block.showIf;
    const dependent = condition && dependsOnPage(questionnaire, condition, page) ? condition : null;
    if (condition && !dependent && !evaluate(questionnaire, condition, kept)) continue;
    items.push(isQuestion(block) ? { kind: 'question', question: block, dependent } : { kind: 'text', block, dependent });
  }
  return items;
}

/** Pages the route shows for these answers (indexes into questionnaire.pages). */
export function routePages(questionnaire: Questionnaire, values: Values): number[] {
  return route(questionnaire, values).pages;
}

// The functions below take the route when the caller has it already (one route() per request).

/**
 * The draft's page once the respondent has reached the check page (one past the last page): from
 * then on every page of the route is open to them, and they come back to the check page.
 */
export function checkPage(questionnaire: Questionnaire): number {
  return questionnaire.pages.length;
}

/** "pagina 3 van 10": the page's position in the current route, whose last step is the check page. */
export function progress(questionnaire: Questionnaire, values: Values, page: number, r: Route = route(questionnaire, values)): { position: number; total: number } {
  const pages = r.pages;
  const total = pages.length + 1;
  if (page === checkPage(questionnaire)) return { position: total, total };
  const at = pages.indexOf(page);
  // a page off the route (only reachable through a stale URL) counts as where it would sit
  const position = at >= 0 ? at + 1 : pages.filter((p) => p < page).length + 1;
  return { position, total: Math.max(total, position + 1) };
}

export function firstPage(questionnaire: Questionnaire, values: Values): number {
  return routePages(questionnaire, values)[0] ?? 0;
}

/** The page after `page` on the route, or undefined when `page` is the last. */
export function nextPage(questionnaire: Questionnaire, values: Values, page: number, r: Route = route(questionnaire, values)): number | undefined {
  for (const p of r.pages) if (p > page) return p;
  return undefined;
}

/** The page before `page` on the route, or undefined on the first. */
export function previousPage(questionnaire: Questionnaire, values: Values, page: number, r: Route = route(questionnaire, values)): number | undefined {
  // the route's pages are in order: the last one before `page`
  let before: number | undefined;
  for (const p of r.pages) if (p < page) before = p;
  return before;
}

export function isOnRoute(questionnaire: Questionnaire, values: Values, page: number, r: Route = route(questionnaire, values)): boolean {
  return r.pages.includes(page);
}

export interface PageResult {
  /** All answers after this page, with whatever the (possibly changed) route hides dropped. */
  values: Values;
  /** Messages by question code, in page order, for questions the route shows. */
  errors: Map<string, string>;
  /**
   * The route of these answers. route(values) gives the same pages and questions: conditions refer
   * only to earlier questions, whose dropped answers were already dropped when they were evaluated.
   */
  route: Route;
}

/**
 * Read a submitted page. `strict` enforces required questions (next, submit); without it (back)
 * only the format is checked. A question whose input is invalid keeps its previously stored
 * answer, so a faulty page never overwrites a good answer.
 */
export function parsePage(questionnaire: Questionnaire, page: number, form: FormInput, stored: Values, strict: boolean): PageResult {
  const p = questionnaire.pages[page];
  const merged: Values = { ...stored };
  const found = new Map<string, string>();
  for (const block of p?.blocks ?? []) {
    if (!isQuestion(block)) continue;
    const question = strict ? block : { ...block, required: false };
    const result = moduleOf(question).parse(form);
    if ('error' in result) found.set(block.code, result.error);
    else Object.assign(merged, result.values);
  }
  const r = route(questionnaire, merged);
  const errors = new Map([...found].filter(([code]) => r.shown.has(code)));
  return { values: r.values, errors, route: r };
}

/** The form fields that show stored answers of one page's questions. */
export function pageForm(questionnaire: Questionnaire, page: number, values: Values): FormInput {
  const form: FormInput = {};
  for (const block of questionnaire.pages[page]?.blocks ?? []) {
    if (isQuestion(block)) Object.assign(form, moduleOf(block).toForm(values));
  }
  return form;
}

/**
 * Re-check a whole response before it is stored: the first shown question whose stored answer does
 * not pass its parser (a required question left open, e.g. after a route changed behind the
 * respondent's back), or undefined when the response is complete.
 */
export function firstFault(questionnaire: Questionnaire, values: Values): { page: number; code: string; error: string } | undefined {
  const r = route(questionnaire, values);
  for (const page of r.pages) {
    for (const block of questionnaire.pages[page]?.blocks ?? []) {
      if (!isQuestion(block) || !r.shown.has(block.code)) continue;
      const module = moduleOf(block);
      const result = module.parse(module.toForm(r.values));
      if ('error' in result) return { page, code: block.code, error: result.error };
    }
  }
  return undefined;
}

/** The variables of contact questions (stored apart from the response) and of all the others. */
export function splitContact(questionnaire: Questionnaire, values: Values): { answers: Values; contact: Values } {
  const index = indexOf(questionnaire);
  const answers: Values = {};
  const contact: Values = {};
  for (const v of questionnaire.variables) {
    const value = values[v.code];
    if (value === null || value === undefined) continue;
    if (index.question.get(v.question)?.contact) contact[v.code] = value;
    else answers[v.code] = value;
  }
  return { answers, contact };
}
