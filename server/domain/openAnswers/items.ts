/**
 * The open items of a questionnaire: the texts respondents typed, grouped as a reader looks for them.
 * An open question is one item; a list question's entries are one item (each entry an answer); an
 * "anders, namelijk" text is an item of its own, beside the choice question it belongs to. Contact
 * questions are stored apart and e-mail questions hold addresses: neither is ever an open answer.
 */
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';

export interface OpenItem {
  /** The question code (open, list) or the "anders, namelijk" variable (Q14_other): what categories belong to. */
  key: string;
  /** The question it belongs to. */
  question: string;
  kind: 'open' | 'list' | 'other';
  /** The question's text. */
  text: string;
  /** For an "anders, namelijk" item: the label of its text field ("Andere taken, namelijk"). */
  label: string | null;
  /** The text variables whose values are this item's answers. */
  variables: string[];
}

/** Every open item of a questionnaire, in page order. */
export function openItems(questionnaire: Questionnaire): OpenItem[] {
  const { question } = indexOf(questionnaire);
  const items = new Map<string, OpenItem>();
  for (const v of questionnaire.variables) {
    if (v.kind !== 'text') continue;
    const q = question.get(v.question);
    if (!q || q.contact || q.type === 'email') continue;
    if (q.type === 'list') {
      const item = items.get(q.code) ?? { key: q.code, question: q.code, kind: 'list' as const, text: q.text, label: null, variables: [] };
      item.variables.push(v.code);
      items.set(q.code, item);
    } else if (v.code === q.code) {
      items.set(v.code, { key: v.code, question: q.code, kind: 'open', text: q.text, label: null, variables: [v.code] });
    } else {
      items.set(v.code, { key: v.code, question: q.code, kind: 'other', text: q.text, label: v.label, variables: [v.code] });
    }
  }
  return [...items.values()];
}

/** The open item with this key, or undefined. */
export function findOpenItem(questionnaire: Questionnaire, key: string): OpenItem | undefined {
  return openItems(questionnaire).find((i) => i.key === key);
}

/** How an item is named above its answers: the question, and for an "anders" text its field. */
export function openItemTitle(item: OpenItem): string {
  return item.label ? `‘${item.text}’: ${item.label}` : `‘${item.text}’`;
}
