/**
 * Where things are in a JSON text: a strict JSON parser (RFC 8259, as JSON.parse) that also records,
 * for every value, where it starts and ends, so a fault reported by JSON path (`pages[1].blocks[0]`)
 * can be shown next to its line, and a syntax error gets a line and column. Offsets count UTF-16
 * code units, as JavaScript strings and browser editors do; lines and columns start at 1.
 */
import { formatPath } from './path.js';

/** Where a value sits: `from`/`to` are offsets; line and column are those of `from`. */
export interface JsonSpan {
  from: number;
  to: number;
  line: number;
  column: number;
}

export interface JsonSyntaxError {
  message: string;
  offset: number;
  line: number;
  column: number;
}

export type JsonParseResult = { ok: true; value: unknown; spans: ReadonlyMap<string, JsonSpan> } | { ok: false; error: JsonSyntaxError };

/** Nesting deeper than this is refused: no questionnaire needs it, and it bounds the parser's stack. */
export const MAX_JSON_DEPTH = 256;

class Failure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const describe = (ch: string | undefined) => (ch === undefined ? 'end of text' : `'${ch}'`);

/** Parse `text` as strict JSON, recording the span of every value by its path (keys as formatPath writes them). */
export function parseJsonWithPositions(text: string): JsonParseResult {
  const spans = new Map<string, { from: number; to: number }>();
  let i = 0;

  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
      else break;
    }
  };

  const string = (): string => {
    const start = i;
    i += 1; // the opening quote
    let out = '';
    let run = i;
    for (;;) {
      if (i >= text.length) throw new Failure('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(run, i);
        i += 1;
        return out;
      }
      if (c < 0x20) throw new Failure('control character in string (write \\n for a line break)', i);
      if (c !== 0x5c) {
        i += 1;
        continue;
      }
      out += text.slice(run, i);
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        i += 2;
      } else if (e === 'u' && /^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        throw new Failure(`invalid escape ${describe(e === undefined ? undefined : `\\${e}`)} in string`, i);
      }
      run = i;
    }
  };

  const number = (): number => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) throw new Failure(`unexpected ${describe(text[i])}: expected a value`, i);
    i += match[0].length;
    return Number(match[0]);
  };

  const literal = (word: string, value: unknown): unknown => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    throw new Failure(`unexpected ${describe(text[i])}: expected a value`, i);
  };

  const value = (path: Array<string | number>, depth: number): unknown => {
    if (depth > MAX_JSON_DEPTH) throw new Failure(`nested more than ${MAX_JSON_DEPTH} levels deep`, i);
    ws();
    const from = i;
    const ch = text[i];
    let result: unknown;
    if (ch === '{') result = object(path, depth);
    else if (ch === '[') result = array(path, depth);
    else if (ch === '"') result = string();
    else if (ch === 't') result = literal('true', true);
    else if (ch === 'f') result = literal('false', false);
    else if (ch === 'n') result = literal('null', null);
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) result = number();
    else throw new Failure(`unexpected ${describe(ch)}: expected a value`, i);
    const key = formatPath(path);
    // a property's span starts at its key (set by object()); keep that start
    const known = spans.get(key);
    spans.set(key, { from: known?.from ?? from, to: i });
    return result;
  };

  const object = (path: Array<string | number>, depth: number): Record<string, unknown> => {
    i += 1;
    const out: Record<string, unknown> = {};
    ws();
    if (text[i] === '}') {
      i += 1;
      return out;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') throw new Failure(`unexpected ${describe(text[i])}: expected a property name in double quotes`, i);
      const keyFrom = i;
      const name = string();
      ws();
      if (text[i] !== ':') throw new Failure(`unexpected ${describe(text[i])}: expected ':' after property name "${name}"`, i);
      i += 1;
      const child = [...path, name];
      spans.set(formatPath(child), { from: keyFrom, to: keyFrom });
      // JSON.parse keeps the last of duplicate keys; so does this (a __proto__ key stays a plain key)
      Object.defineProperty(out, name, { value: value(child, depth + 1), enumerable: true, writable: true, configurable: true });
      ws();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === '}') {
        i += 1;
        return out;
      }
      throw new Failure(`unexpected ${describe(text[i])}: expected ',' or '}' after a property value`, i);
    }
  };

  const array = (path: Array<string | number>, depth: number): unknown[] => {
    i += 1;
    const out: unknown[] = [];
    ws();
    if (text[i] === ']') {
      i += 1;
      return out;
    }
    for (;;) {
      out.push(value([...path, out.length], depth + 1));
      ws();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === ']') {
        i += 1;
        return out;
      }
      throw new Failure(`unexpected ${describe(text[i])}: expected ',' or ']' after an array element`, i);
    }
  };

  try {
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    i = start;
    const result = value([], 0);
    ws();
    if (i < text.length) throw new Failure(`unexpected ${describe(text[i])} after the end of the JSON value`, i);
    const located = new Map<string, JsonSpan>();
    const lines = lineStarts(text);
    for (const [key, span] of spans) located.set(key, { ...span, ...position(lines, span.from) });
    return { ok: true, value: result, spans: located };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { ok: false, error: { message: error.message, offset: error.offset, ...position(lineStarts(text), error.offset) } };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** `pages[1].blocks[0].showIf` → ['pages', 1, 'blocks', 0, 'showIf'] (the inverse of formatPath for code-like keys). */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return out;
}

/**
 * The span of the value at `path`, or of its nearest ancestor that exists (a fault about a missing
 * property points at the object that lacks it); the whole text's span for the top level.
 */
export function spanOf(spans: ReadonlyMap<string, JsonSpan>, path: string): JsonSpan | undefined {
  const segments = pathSegments(path);
  for (let n = segments.length; n >= 0; n--) {
    const span = spans.get(formatPath(segments.slice(0, n)));
    if (span) return span;
  }
  return undefined;
}
