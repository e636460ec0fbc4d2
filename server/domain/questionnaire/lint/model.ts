/**
 * What the questionnaire checks share: a fault, the index of a file's questions and the variables
 * they generate, the context a question type's own rules report to, and the Dutch phrases several
 * checks word their faults with (the researcher's own names always quoted as JSON writes them).
 */
import type { Option } from '../parts.js';
import type { QuestionnaireFile } from '../schema.js';
import type { Question } from '../types/union.js';
import type { Variable } from '../variables.js';

export interface LintFault {
  path: string;
  message: string;
}

/** A fault at a JSON path, in Dutch: every check makes its faults here (a test follows each to its call site). */
export function lintFault(path: string, message: string): LintFault {
  return { path, message };
}

/** A question and where it stands. */
export interface Located {
  question: Question;
  page: number;
  block: number;
  /** `pages[i].blocks[j]` */
  path: string;
}

/** A generated variable, the question that owns it and the element it comes from. */
export interface LocatedVariable {
  variable: Variable;
  owner: Located;
  path: string;
  what: string;
}

/** Lookups over a file that passed the schema; the first definition of a code wins. */
export interface FileIndex {
  questions: Located[];
  question: Map<string, Located>;
  variables: LocatedVariable[];
  variable: Map<string, LocatedVariable>;
  /** A question with its named answer scales resolved (unknown names give no options). */
  resolved(located: Located): Question;
}

/** What kind of option list is checked: the flags that make sense differ. */
export type OptionList = 'single' | 'multi' | 'scale' | 'missing' | 'dontKnow';

/** What a question type's own rules report to. */
export interface LintContext {
  readonly file: QuestionnaireFile;
  fault(path: string, message: string): void;
  /** Check an option list: unique values, and flags that mean something for this kind of list. */
  options(options: Option[], path: string, kind: OptionList): void;
}

/** Values as a list in a message: numbers bare, texts quoted, each once. */
export function listOf(values: Array<number | string>): string {
  return [...new Set(values)].map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ');
}

/** A range of numbers in words: "1 tot en met 5", "ten minste 0", "elk getal". */
export function rangeOf(lo: number | undefined, hi: number | undefined): string {
  if (lo !== undefined && hi !== undefined) return `${lo} tot en met ${hi}`;
  if (lo !== undefined) return `ten minste ${lo}`;
  if (hi !== undefined) return `ten hoogste ${hi}`;
  return 'elk getal';
}

/** A code, id, key or label as the file has it, in double quotes as JSON writes it: `"Q1"`. */
export function quoted(name: string): string {
  return JSON.stringify(name);
}

/** The one message for a reference to a code no question, statement or item has. */
export function unknownCode(code: string): string {
  return `verwijst naar ${quoted(code)}, maar die code bestaat niet`;
}

/** A lower bound above its upper bound: `"min" (3) is groter dan "max" (2)`. */
export function minAboveMax(min: number, max: number, names: [string, string] = ['min', 'max']): string {
  return `${quoted(names[0])} (${min}) is groter dan ${quoted(names[1])} (${max})`;
}

/** A setting above what there is: `"minAnswered" (4) is meer dan het aantal uitspraken van dit aspect (3)`. */
export function moreThan(key: string, value: number, what: string, count: number): string {
  return `${quoted(key)} (${value}) is meer dan het aantal ${what} (${count})`;
}
