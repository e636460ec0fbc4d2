import type { QuestionOf, QuestionType } from '../schema.js';
import type { Variable } from '../variables.js';

/** Everything the platform needs to know about one question type. */
export interface QuestionTypeModule<T extends QuestionType> {
  /** The variables this question produces, in export order. */
  variables(q: QuestionOf<T>): Variable[];
}
