/** How lint messages name a question's type. */
import { typeModule } from '../types/index.js';
import type { Question } from '../types/union.js';

/** "single-choice question", "Likert matrix". */
export function typeName(q: Question): string {
  return typeModule(q.type).name;
}

/** "a single-choice question", "an open question". */
export function aTypeName(q: Question): string {
  const name = typeName(q);
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}
