/**
 * What the questionnaire checks share: a fault, the index of a file's questions and the variables
 * they generate, and the context a question type's own rules report to.
 */
import type { Option } from '../parts.js';
import type { QuestionnaireFile } from '../schema.js';
import type { Question } from '../types/union.js';
import type { Variable } from '../variables.js';

export interface LintFault {
  path: string;
  message: string;
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

/** A range of numbers in words: "1 to 5", "at least 0", "any number". */
export function rangeOf(lo: number | undefined, hi: number | undefined): string {
  if (lo !== undefined && hi !== undefined) return `${lo} to ${hi}`;
  if (lo !== undefined) return `at least ${lo}`;
  if (hi !== undefined) return `at most ${hi}`;
  return 'any number';
}
