/**
 * A wave's open answers with a researcher's edits applied: per open item its answers in hash order
 * (order.ts), each with the text as given, the text shown (redacted or as given), whether it is hidden
 * and its category. `readerView` is what evaluators, the report and the workbook get: hidden answers
 * without their text, redacted texts only. `redactedValues` applies the same edits to the respondent-level rows
 * the downloads write, so no file shows what the pages hide.
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import type { Values } from '../questionnaire/variables.js';
import { openItems, type OpenItem } from './items.js';
import { answerId, answerOrderKey } from './order.js';

/** A researcher's edit of one answer. */
export interface AnswerEdit {
  responseId: string;
  variable: string;
  hidden: boolean;
  /** The text shown instead of the answer; null: the answer as given. */
  redacted: string | null;
  categoryId: number | null;
}

export interface OpenCategory {
  id: number;
  label: string;
}

export interface OpenAnswer {
  /** answerId(responseId, variable). */
  id: string;
  variable: string;
  /** As the respondent typed it (only researchers editing see this). */
  original: string;
  /** What readers see: the redacted text, or the answer as given. */
  text: string;
  hidden: boolean;
  redacted: boolean;
  categoryId: number | null;
}

export interface OpenItemAnswers {
  item: OpenItem;
  categories: OpenCategory[];
  /** In hash order, hidden ones included (in the reader view without their text). */
  answers: OpenAnswer[];
}

/** The stored responses the answers come from. */
export interface ResponseRows {
  ids: readonly string[];
  responses: readonly Values[];
}

const editKey = (responseId: string, variable: string) => `${responseId}\0${variable}`;

/** Every open answer of the responses, per open item, with the edits applied (hidden answers included). */
export function collectOpenAnswers(
  questionnaire: Questionnaire,
  rows: ResponseRows,
  edits: readonly AnswerEdit[],
  categories: ReadonlyMap<string, OpenCategory[]>,
): OpenItemAnswers[] {
  const byKey = new Map(edits.map((e) => [editKey(e.responseId, e.variable), e]));
  return openItems(questionnaire).map((item) => {
    const keyed: Array<{ order: string; answer: OpenAnswer }> = [];
    rows.responses.forEach((values, i) => {
      const responseId = rows.ids[i]!;
      for (const variable of item.variables) {
        const value = values[variable];
        if (typeof value !== 'string' || value.trim() === '') continue;
        const edit = byKey.get(editKey(responseId, variable));
        keyed.push({
          order: answerOrderKey(responseId, variable),
          answer: {
            id: answerId(responseId, variable),
            variable,
            original: value,
            text: edit?.redacted ?? value,
            hidden: edit?.hidden ?? false,
            redacted: edit?.redacted != null,
            categoryId: edit?.categoryId ?? null,
          },
        });
      }
    });
    keyed.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const answers = keyed.map((k) => k.answer);
    return { item, categories: categories.get(item.key) ?? [], answers };
  });
}

/** What readers get: no original texts, and hidden answers without any text (they still count in their category). */
export function readerView(items: readonly OpenItemAnswers[]): OpenItemAnswers[] {
  return items.map((i) => ({
    ...i,
    answers: i.answers.map((a) => (a.hidden ? { ...a, original: '', text: '' } : { ...a, original: a.text })),
  }));
}

/** The responses with every edit applied: a hidden answer becomes empty, a redacted one its redacted text. */
export function redactedValues(rows: ResponseRows, edits: readonly AnswerEdit[]): Values[] {
  if (edits.length === 0) return [...rows.responses];
  const byResponse = new Map<string, AnswerEdit[]>();
  for (const e of edits) {
    if (!e.hidden && e.redacted === null) continue;
    const list = byResponse.get(e.responseId) ?? [];
    list.push(e);
    byResponse.set(e.responseId, list);
  }
  return rows.responses.map((values, i) => {
    const own = byResponse.get(rows.ids[i]!);
    if (!own) return values;
    const copy = { ...values };
    for (const e of own) if (typeof copy[e.variable] === 'string') copy[e.variable] = e.hidden ? null : e.redacted;
    return copy;
  });
}
