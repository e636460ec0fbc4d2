import type { QuestionOf, QuestionType } from '../schema.js';
import type { QuestionTypeModule } from './module.js';
import { constantSum } from './constantSum.js';
import { email } from './email.js';
import { likert } from './likert.js';
import { list } from './list.js';
import { multi } from './multi.js';
import { number } from './number.js';
import { open } from './open.js';
import { single } from './single.js';
import { yesno } from './yesno.js';

/** The registry: a typed map over the type union, so a new type without a module fails the type check. */
export const questionTypes: { [T in QuestionType]: QuestionTypeModule<T> } = {
  likert,
  single,
  multi,
  open,
  list,
  number,
  constantSum,
  email,
  yesno,
};

/** The module of a question, typed by its tag. */
export function moduleOf<T extends QuestionType>(q: QuestionOf<T>): QuestionTypeModule<T> {
  return questionTypes[q.type as T];
}
