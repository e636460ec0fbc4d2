/**
 * Reading questionnaire files: JSON syntax, the zod schema, then lint; every fault reported with
 * file and JSON path (e.g. `pages[2].blocks[1].showIf`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Read and check one questionnaire file. */
export function loadQuestionnaireFile(file: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, faults: [{ file, path: '', message: `cannot read file: ${(error as Error).message}` }] };
  }
  return parseQuestionnaire(text, file);
}

/** Every `*.json` questionnaire in a folder (the generated JSON Schema excepted), or all faults. */
export function loadQuestionnaireDir(dir: string): { questionnaires: Questionnaire[]; faults: Fault[] } {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort();
  const questionnaires: Questionnaire[] = [];
  const faults: Fault[] = [];
  const seen = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    const result = loadQuestionnaireFile(file);
    if (!result.ok) {
      faults.push(...result.faults);
      continue;
    }
    const other = seen.get(result.questionnaire.id);
    if (other) faults.push({ file, path: 'id', message: `id "${result.questionnaire.id}" is also used by ${other}` });
    seen.set(result.questionnaire.id, file);
    questionnaires.push(result.questionnaire);
  }
  return { questionnaires, faults };
}
