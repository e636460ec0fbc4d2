/**
 * The side panel of the preview ("Bekijken als respondent"): every page with whether the answers
 * given so far show it, and the pages and questions those answers hide, each with its condition in
 * words, so a researcher can walk every branch of the routing.
 */
import { answerOnlyIf, conditionInWords, numberedReference } from '../questionnaire/conditionWords.js';
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import { route } from '../questionnaire/routing.js';
import type { Values } from '../questionnaire/variables.js';

export interface PanelPage {
  /** Index into questionnaire.pages; the URL's page number is index + 1. */
  index: number;
  title: string;
  /** The answers so far show it. */
  shown: boolean;
  current: boolean;
  /** "Alleen als u bij vraag 2 ‘Ja’ koos", for a page with a condition. */
  condition: string | null;
}

export interface HiddenQuestion {
  code: string;
  /** "vraag 5" */
  reference: string;
  text: string;
  page: number;
  /** Why it is hidden: its own condition, or its page's. */
  condition: string;
}

export interface PreviewPanel {
  pages: PanelPage[];
  /** Questions the answers so far hide, in questionnaire order. */
  hidden: HiddenQuestion[];
}

/** The panel for the answers so far, with `current` the page on screen (-1 on the intro and thank-you pages). */
export function previewPanel(questionnaire: Questionnaire, values: Values, current: number): PreviewPanel {
  const r = route(questionnaire, values);
  const ref = numberedReference(questionnaire);
  const pages = questionnaire.pages.map((page, index) => ({
    index,
    title: page.title ?? `Pagina ${index + 1}`,
    shown: r.pages.includes(index),
    current: index === current,
    condition: page.showIf ? `Alleen als ${conditionInWords(questionnaire, page.showIf, ref)}.` : null,
  }));
  const hidden: HiddenQuestion[] = [];
  const index = indexOf(questionnaire);
  for (const question of index.questions) {
    if (r.shown.has(question.code)) continue;
    const at = index.pageOf.get(question.code)!;
    const page = questionnaire.pages[at]!;
    const reasons: string[] = [];
    if (!r.pages.includes(at) && page.showIf) {
      reasons.push(`Staat op pagina ‘${pages[at]!.title}’, die alleen wordt getoond als ${conditionInWords(questionnaire, page.showIf, ref)}.`);
    }
    if (question.showIf) reasons.push(answerOnlyIf(questionnaire, question.code, question.showIf, ref));
    hidden.push({ code: question.code, reference: ref(question.code), text: question.text || question.code, page: at, condition: reasons.join(' ') });
  }
  return { pages, hidden };
}
