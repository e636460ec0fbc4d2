import type { QuestionOf, QuestionType } from '../schema.js';
import type { Values, Variable } from '../variables.js';
import type { FormInput, ParseResult } from './form.js';

/** Everything the platform needs to know about one question type. */
export interface QuestionTypeModule<T extends QuestionType> {
  /** The variables this question produces, in export order. */
  variables(q: QuestionOf<T>): Variable[];
  /**
   * Read the question's fields from a submitted page: every variable of the question (null when
   * unanswered) or one Dutch message saying what is wrong. Enforces `q.required`; the view partial
   * that produces these fields is views/questions/<type>.eta.
   */
  parse(q: QuestionOf<T>, form: FormInput): ParseResult;
  /** The inverse of parse: the form fields that show stored values (to fill a page in, or to re-check a whole response). */
  toForm(q: QuestionOf<T>, values: Values): FormInput;
}
