/** How fault messages name a question and its type, in Dutch. */
import { typeModule } from '../types/index.js';
import type { Question } from '../types/union.js';
import { quoted } from './model.js';

/** "enkele keuzevraag", "matrixvraag". */
export function typeName(q: Question): string {
  return typeModule(q.type).name;
}

/** "een enkele keuzevraag". */
export function aTypeName(q: Question): string {
  return `een ${typeName(q)}`;
}

/** `enkele keuzevraag "Q1"`. */
export function questionName(q: Question): string {
  return `${typeName(q)} ${quoted(q.code)}`;
}
