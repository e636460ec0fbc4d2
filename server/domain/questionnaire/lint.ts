import type { QuestionnaireFile } from './schema.js';

export interface LintFault {
  path: string;
  message: string;
}

/** Cross-reference checks beyond the schema (being written: duplicate codes, routing, aspects, sums). */
export function lint(_file: QuestionnaireFile): LintFault[] {
  return [];
}
