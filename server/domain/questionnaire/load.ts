/**
 * Checking questionnaire JSON text: JSON syntax, the zod schema, then lint; every fault reported with
 * file and JSON path (e.g. `pages[2].blocks[1].showIf`), and the line and column of that element.
 */
import { parseJsonWithPositions, spanOf } from './jsonPositions.js';
import { lint } from './lint.js';
import { normalize, type Questionnaire } from './normalize.js';
import { formatPath } from './path.js';
import { questionnaireSchema, type QuestionnaireFile } from './schema.js';

export { formatPath } from './path.js';

export interface Fault {
  file: string;
  path: string;
  message: string;
  /** Where in the text the fault is (1-based), when the text could be read: the element the path names, or its nearest existing ancestor. */
  line?: number;
  column?: number;
  /** The same place as offsets into the text (UTF-16 code units), for editors: the element starts at `from` and ends at `to`. */
  from?: number;
  to?: number;
}

export type LoadResult =
  | { ok: true; questionnaire: Questionnaire; source: QuestionnaireFile }
  | { ok: false; faults: Fault[] };


/** One line per fault: `file: path: message`. */
export function formatFault(f: Fault): string {
  return `${f.file}: ${f.path || '(top level)'}: ${f.message}`;
}

/** Parse and check questionnaire JSON text; every fault carries the line and column it is about. */
export function parseQuestionnaire(text: string, file: string): LoadResult {
  const json = parseJsonWithPositions(text);
  if (!json.ok) {
    const { message, line, column, offset } = json.error;
    return { ok: false, faults: [{ file, path: '', message: `invalid JSON: ${message} (line ${line}, column ${column})`, line, column, from: offset, to: offset + 1 }] };
  }
  const at = (path: string) => {
    const span = spanOf(json.spans, path);
    return span ? { line: span.line, column: span.column, from: span.from, to: span.to } : {};
  };
  const parsed = questionnaireSchema.safeParse(json.value);
  if (!parsed.success) {
    return {
      ok: false,
      faults: parsed.error.issues.map((i) => {
        const path = formatPath(i.path);
        return { file, path, message: i.message, ...at(path) };
      }),
    };
  }
  const faults = lint(parsed.data).map((f) => ({ file, ...f, ...at(f.path) }));
  if (faults.length > 0) return { ok: false, faults };
  return { ok: true, questionnaire: normalize(parsed.data), source: parsed.data };
}
