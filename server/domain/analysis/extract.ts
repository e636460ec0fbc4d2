/**
 * Reading the analysed variables of one response into typed arrays.
 *
 * Looking up `values[code]` with a code that changes from one call to the next makes every lookup
 * megamorphic in V8 (a hash-table probe, ~15 ns); with 50-odd variables that is most of the time of a
 * million-response report. So, as fast-json-stringify does for Fastify, the reader is generated once
 * per questionnaire as a function with one constant property access per variable, which V8 turns into
 * direct field loads when the responses share a shape. The generated code contains only the variable
 * codes as JSON string literals (codes are validated as [A-Za-z][A-Za-z0-9_]*), never answer data.
 */
import type { Values } from '../questionnaire/variables.js';

/** `kind` of a variable in a response: not answered (null, undefined or ''). */
export const BLANK = 0;
/** `kind`: a number (its value in `num`). */
export const NUMBER = 1;
/** `kind`: something else (a string where a code belongs): not an answer code. */
export const OTHER = 2;

export interface Extractor {
  /** Index of each variable code in `num` and `kind`. */
  readonly index: ReadonlyMap<string, number>;
  /** Value of each variable in the response last read (NaN unless kind is NUMBER). */
  readonly num: Float64Array;
  readonly kind: Uint8Array;
  /** Read one response. */
  read(values: Values): void;
}

type ReadFn = (values: Values, num: Float64Array, kind: Uint8Array) => void;

/** A reader for the given variable codes (duplicates are read once). */
export function extractor(codes: readonly string[]): Extractor {
  const unique = [...new Set(codes)];
  for (const code of unique) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(code)) throw new Error(`not a variable code: ${JSON.stringify(code)}`);
  const body = unique
    .map(
      (code, i) =>
        `x = v[${JSON.stringify(code)}];` +
        ` if (typeof x === 'number') { num[${i}] = x; kind[${i}] = ${NUMBER}; }` +
        ` else { num[${i}] = NaN; kind[${i}] = (x === null || x === undefined || x === '') ? ${BLANK} : ${OTHER}; }`,
    )
    .join('\n');
  const read = new Function('v', 'num', 'kind', `'use strict';\nlet x;\n${body}`) as ReadFn;
  const num = new Float64Array(unique.length);
  const kind = new Uint8Array(unique.length);
  return {
    index: new Map(unique.map((code, i) => [code, i])),
    num,
    kind,
    read: (values) => read(values, num, kind),
  };
}
