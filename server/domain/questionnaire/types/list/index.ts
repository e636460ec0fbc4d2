/** A list of up to N open entries, stored as `<code>_1` … `<code>_N`. */
import { absent, asIs, noAnalysis, nothing } from '../defaults.js';
import { charCount, sameNamedFields, text, tooLong } from '../form.js';
import type { QuestionTypeModule } from '../module.js';
import { listSchema } from './schema.js';

export const list: QuestionTypeModule<'list'> = {
  name: 'list question',
  definitions: { ListQuestion: listSchema },
  resolve: asIs,
  variables(q) {
    return Array.from({ length: q.maxEntries }, (_, i) => ({
      code: `${q.code}_${i + 1}`,
      question: q.code,
      kind: 'text' as const,
      label: `${q.text} (${i + 1})`,
      valueLabels: [],
      missingValues: [],
      measure: 'nominal' as const,
    }));
  },
  origin(q, code, base) {
    const entry = /_(\d+)$/.exec(code)?.[1];
    return { path: `${base}.maxEntries`, what: `the variable for entry ${entry ?? '?'} of list question ${q.code}` };
  },
  lint(q, path, ctx) {
    if (q.minEntries > q.maxEntries) ctx.fault(`${path}.minEntries`, `minEntries ${q.minEntries} is more than maxEntries ${q.maxEntries}`);
  },
  conditionUse() {
    return { kind: 'parts', parts: 'entries' };
  },
  answers: absent,
  optionLabel: nothing,
  parse(q, form) {
    const entries: string[] = [];
    for (let i = 1; i <= q.maxEntries; i++) {
      // one entry per line: a pasted line break would hide a second entry inside the first
      const entry = text(form, `${q.code}_${i}`).replace(/\s*\n\s*/g, ' ');
      if (entry === '') continue;
      if (charCount(entry) > q.maxLength) return { error: tooLong(charCount(entry), q.maxLength, `Regel ${i}`) };
      entries.push(entry);
    }
    const least = Math.max(q.required ? 1 : 0, entries.length > 0 ? q.minEntries : 0);
    if (entries.length < least) {
      return { error: least === 1 ? 'Vul ten minste één regel in.' : `Vul ten minste ${least} regels in (nu ${entries.length}).` };
    }
    // entries are stored without gaps, so <code>_1 is always the first one given
    const values = Object.fromEntries(
      Array.from({ length: q.maxEntries }, (_, i) => [`${q.code}_${i + 1}`, entries[i] ?? null]),
    );
    return { values };
  },
  toForm(q, values) {
    return sameNamedFields(list.variables(q).map((v) => v.code), values);
  },
  answerText(q, values) {
    return list
      .variables(q)
      .map((v) => values[v.code])
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .map((text) => ({ label: null, text }));
  },
  ...noAnalysis,
  spss(q) {
    return { integer: true, textLength: q.maxLength, dichotomies: [] };
  },
};
