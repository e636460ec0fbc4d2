/**
 * Checking questionnaire JSON text: JSON syntax, the zod schema, then lint; every fault reported with
 * file and JSON path (e.g. `pages[2].blocks[1].showIf`).
 */
import { conditionLimitFaults } from './conditionLimits.js';
import { lint } from './lint.js';
import { normalize, type Questionnaire } from './normalize.js';
import { questionnaireSchema, type QuestionnaireFile } from './schema.js';

export interface Fault {
  file: string;
  path: string;
  message: string;
}

export type LoadResult =
  | { ok: true; questionnaire: Questionnaire; source: QuestionnaireFile }
  | { ok: false; faults: Fault[] };

/** `['pages', 2, 'blocks', 1, 'showIf']` → `pages[2].blocks[1].showIf`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** One line per fault: `file: path: message`. */
export function formatFault(f: Fault): string {
  return `${f.file}: ${f.path || '(top level)'}: ${f.message}`;
}

/** Parse and check questionnaire JSON text. */
export function parseQuestionnaire(text: string, file: string): LoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, faults: [{ file, path: '', message: `invalid JSON: ${(error as Error).message}` }] };
  }
  // before the schema: its recursive condition schema is what overflowed on thousands of levels
  const tooLarge = conditionLimitFaults(json);
  if (tooLarge.length > 0) return { ok: false, faults: tooLarge.map((f) => ({ file, ...f })) };
  const parsed = questionnaireSchema.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      faults: parsed.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })),
    };
  }
  const faults = lint(parsed.data).map((f) => ({ file, ...f }));
  if (faults.length > 0) return { ok: false, faults };
  return { ok: true, questionnaire: normalize(parsed.data), source: parsed.data };
}
