/**
 * Templates laid out once per shape and filled in per request.
 *
 * A page made per request from an Eta template spends most of its time producing markup that is the
 * same for every respondent (a 16 kB questionnaire page of 13 statements has some 100 places that
 * differ per respondent: the checked options, the entered texts, the progress, the CSRF field and
 * the link). A compiled template is that markup worked out once, by rendering the real template
 * with a *symbolic* model, and kept as UTF-8 Buffers with the per-request parts in between:
 *
 * - a **text** part (`recorder.text(get)`) renders as a marker (`\0&<n>\0`; the `&` shows whether
 *   the template escaped it) and is filled in with `get(model)`, escaped exactly as Eta escapes it;
 * - a **bit** part (`recorder.bit(get)`, a yes/no the template branches on, like `f.has()` for a
 *   checked option) is found by rendering once with every bit off and once with only that bit on:
 *   the difference is the markup the bit adds (` checked`) and where. A **field** bit
 *   (`recorder.field(name, value)`) is a bit that is on when the model's field `name` holds `value`
 *   (read with the template's `read`): the options of one question read their field once.
 *
 * The template stays the one source of the markup. What the template does with a model must not
 * depend on a text part other than by printing it, nor on a bit other than by printing more or less
 * at one place; the shape key (chosen by the caller) must hold everything else that steers the
 * template. Each shape is checked when it is made: the page of the request that made it is rendered
 * by Eta as well and must be the same bytes, else the shape is never compiled and Eta renders it
 * (tests/templates/compiledPage.test.ts compares both over many answer states). Nothing of any
 * request's model is kept: only the template's own markup.
 */
import { Eta } from 'eta';
import type { ViewEta } from './eta.js';

type Getter<M, T> = (model: M) => T;

/** A field's value(s) in the model: what a field bit compares with (a form's string or strings). */
export type FieldReader<M> = (model: M, name: string) => string | readonly string[] | undefined;

/** Whether a field's value(s) hold `value`: a field bit is on, an option is checked (Fields.has). */
export function fieldHolds(held: string | readonly string[] | undefined, value: string): boolean {
  return typeof held === 'string' ? held === value : held !== undefined && held.includes(value);
}

/** What a bit asks of the model: a yes/no of its own, or whether a field holds a value. */
type BitSource<M> = { get: Getter<M, boolean>; name?: undefined; value?: undefined } | { get?: undefined; name: string; value: string };

/** Hands out the markers of a symbolic render and keeps how to fill each in. */
export class Recorder<M> {
  texts: Array<Getter<M, string>> = [];
  bits: Array<BitSource<M>> = [];
  /** The bit that answers yes in this render (-1: none, ALL: every one). */
  on = -1;

  reset(on: number): void {
    this.texts = [];
    this.bits = [];
    this.on = on;
  }

  /** A per-request text: printed by the template (escaped or not), filled in from the model. */
  text(get: Getter<M, string>): string {
    this.texts.push(get);
    return `\u0000&${this.texts.length - 1}\u0000`;
  }

  /** A per-request yes/no the template branches on. */
  bit(get: Getter<M, boolean>): boolean {
    return this.add({ get });
  }

  /** A per-request yes/no: does the model's field `name` hold `value` (a checked option)? */
  field(name: string, value: string): boolean {
    return this.add({ name, value });
  }

  private add(source: BitSource<M>): boolean {
    this.bits.push(source);
    const i = this.bits.length - 1;
    return this.on === ALL || this.on === i;
  }
}

const ALL = -2;
const MARKER = /\u0000(&amp;|&)(\d+)\u0000/g;

type Op<M> = { kind: 'static'; buf: Buffer } | { kind: 'text'; get: Getter<M, string>; escape: boolean; marker: string } | { kind: 'bit'; source: BitSource<M>; buf: Buffer };

/**
 * The markup between two text parts as one Buffer (every bit off), with where each bit adds its
 * own: a request copies the stretches between the bits that are on, not a piece per option. The
 * Buffer's memory and offset are kept beside it (reading `buf.buffer` is a call into C++); the run's
 * bits are `bits` consecutive entries of the template's bit arrays from `firstBit`.
 */
type Piece<M> = { kind: 'run'; buf: Buffer; memory: ArrayBuffer; offset: number; firstBit: number; bits: number } | { kind: 'text'; get: Getter<M, string>; escape: boolean };

/** Eta's own escaping (the default of every Eta engine): done while encoding, see writeUtf8(). */
const etaEscape = new Eta().config.escapeFunction;

/** A template compiled for one shape: fill it in with a request's model. */
export class CompiledTemplate<M> {
  private readonly pieces: ReadonlyArray<Piece<M>>;
  // the bits of every run, in order, as arrays of one kind each (read for every bit of every request)
  private readonly bitAt: Int32Array;
  private readonly bitBuf: Buffer[] = [];
  private readonly bitGet: Array<Getter<M, boolean> | null> = [];
  private readonly bitName: Array<string | null> = [];
  private readonly bitValue: string[] = [];
  /** Whether escaping is Eta's own, done by utf8Length() and writeUtf8() without a copy. */
  private readonly inlineEscape: boolean;
  // scratch of fill(), which runs to its end without yielding: the bits that are on, the texts
  private readonly on: Int32Array;
  private readonly values: string[];

  constructor(
    ops: ReadonlyArray<Op<M>>,
    private readonly escape: (s: string) => string,
    private readonly read: FieldReader<M> = () => undefined,
  ) {
    const pieces: Array<Piece<M>> = [];
    const at: number[] = [];
    let run: { parts: Buffer[]; length: number; firstBit: number } | null = null;
    const close = () => {
      if (run) {
        const buf = Buffer.concat(run.parts);
        pieces.push({ kind: 'run', buf, memory: buf.buffer as ArrayBuffer, offset: buf.byteOffset, firstBit: run.firstBit, bits: at.length - run.firstBit });
      }
      run = null;
    };
    for (const op of ops) {
      if (op.kind === 'text') {
        close();
        pieces.push({ kind: 'text', get: op.get, escape: op.escape });
        continue;
      }
      run ??= { parts: [], length: 0, firstBit: at.length };
      if (op.kind === 'static') {
        run.parts.push(op.buf);
        run.length += op.buf.length;
      } else {
        at.push(run.length);
        this.bitBuf.push(op.buf);
        this.bitGet.push(op.source.get ?? null);
        this.bitName.push(op.source.name ?? null);
        this.bitValue.push(op.source.value ?? '');
      }
    }
    close();
    this.pieces = pieces;
    this.bitAt = Int32Array.from(at);
    this.on = new Int32Array(at.length);
    this.values = new Array<string>(pieces.length).fill('');
    this.inlineEscape = escape === etaEscape;
  }

  /** The page of `model`; `by` is the response that sends it (see take()), none for a page kept. */
  fill(model: M, by?: PageWriter): Buffer {
    const { pieces, on, values, read, bitAt, bitBuf, bitGet, bitName, bitValue, inlineEscape } = this;
    let length = 0;
    let ons = 0;
    // the field the last field bit read (the options of a question follow each other): per fill
    let name: string | null = null;
    let held: string | readonly string[] | undefined;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.kind === 'run') {
        length += piece.buf.length;
        for (let k = piece.firstBit, end = piece.firstBit + piece.bits; k < end; k++) {
          const get = bitGet[k]!;
          let yes: boolean;
          if (get !== null) yes = get(model);
          else {
            const field = bitName[k]!;
            if (field !== name) {
              name = field;
              held = read(model, field);
            }
            const value = bitValue[k]!;
            yes = fieldHolds(held, value);
          }
          if (yes) {
            on[ons++] = k;
            length += bitBuf[k]!.length;
          }
        }
      } else if (piece.escape && !inlineEscape) {
        const value = this.escape(piece.get(model));
        values[i] = value;
        length += utf8Length(value, false);
      } else {
        const value = piece.get(model);
        values[i] = value;
        length += utf8Length(value, piece.escape);
      }
    }
    const out = take(length, by);
    let pos = 0;
    let next = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.kind === 'run') {
        // TypedArray set, not Buffer copy (whose checks cost more than the copying here)
        const { buf, memory, offset } = piece;
        const end = piece.firstBit + piece.bits;
        let from = 0;
        for (; next < ons && on[next]! < end; next++) {
          const k = on[next]!;
          const at = bitAt[k]!;
          if (at > from) {
            out.set(new Uint8Array(memory, offset + from, at - from), pos);
            pos += at - from;
          }
          from = at;
          const add = bitBuf[k]!;
          out.set(add, pos);
          pos += add.length;
        }
        if (from === 0) out.set(buf, pos);
        else if (from < buf.length) out.set(new Uint8Array(memory, offset + from, buf.length - from), pos);
        pos += buf.length - from;
      } else {
        pos = writeUtf8(out, pos, values[i]!, piece.escape && inlineEscape);
        values[i] = '';
      }
    }
    // allocUnsafe's memory is not cleared: every byte must have been written
    if (pos !== length) throw new Error(`compiled template: wrote ${pos} of ${length} bytes`);
    return out;
  }
}

/*
 * UTF-8 in JavaScript: the per-request texts are short (a link, the CSRF token, the title, an
 * entered answer), and Buffer.byteLength() and buf.write() are each a call into C++ that costs more
 * than encoding such a text here. Same bytes as Buffer.from(s, 'utf8'), a lone surrogate included
 * (U+FFFD, EF BF BD). With `escape`, the five characters Eta escapes are written as Eta writes them
 * (&amp; &lt; &gt; &quot; &#39;), so an escaped text is never copied first.
 */
const ENTITIES: Array<Uint8Array | undefined> = [];
for (const [c, entity] of Object.entries({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })) ENTITIES[c.charCodeAt(0)] = Buffer.from(entity);

export function utf8Length(s: string, escape: boolean): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (escape && c < 0x3f && ENTITIES[c] !== undefined) n += ENTITIES[c]!.length - 1;
      continue;
    }
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // a surrogate pair: two UTF-16 units, four bytes
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

export function writeUtf8(out: Uint8Array, pos: number, s: string, escape: boolean): number {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      const entity = escape && c < 0x3f ? ENTITIES[c] : undefined;
      if (entity === undefined) out[pos++] = c;
      else {
        out.set(entity, pos);
        pos += entity.length;
      }
    } else if (c < 0x800) {
      out[pos++] = 0xc0 | (c >> 6);
      out[pos++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && (d & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[pos++] = 0xf0 | (c >> 18);
        out[pos++] = 0x80 | ((c >> 12) & 0x3f);
        out[pos++] = 0x80 | ((c >> 6) & 0x3f);
        out[pos++] = 0x80 | (c & 0x3f);
      } else {
        // a lone surrogate: U+FFFD, as Node encodes it
        out[pos++] = 0xef;
        out[pos++] = 0xbf;
        out[pos++] = 0xbd;
      }
    } else {
      out[pos++] = 0xe0 | (c >> 12);
      out[pos++] = 0x80 | ((c >> 6) & 0x3f);
      out[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

/** What sends a filled page: an HTTP response (its buffer is reused once the response is written). */
export interface PageWriter {
  /** Every byte handed to the operating system (Node's `writableFinished`). */
  readonly writableFinished: boolean;
  readonly destroyed: boolean;
}

/*
 * Filled pages are written into a few buffers that are used again, as the constant page of the
 * benchmark is: a fresh 17 kB buffer per request (cut from a slab or allocated) is memory the cache
 * has not seen, written once and read once more by the kernel (writing 17 kB into new memory took
 * 2-3 µs, into a buffer used before 0.2-0.8 µs). A buffer is handed out again only once the response
 * it was lent to has handed every byte to the operating system; a response that was destroyed
 * before that keeps its buffer (the garbage collector frees it when no write holds it any more)
 * and the pool slot gets a new one. Every byte of the part that is sent is written per request
 * (fill() checks), so nothing of an earlier page can be sent again.
 */
const POOLED_BYTES = 64 * 1024;
const POOL_SIZE = 64;
const pool: Array<{ buf: Buffer; by: PageWriter }> = [];

function take(length: number, by: PageWriter | undefined): Buffer {
  if (by === undefined || length > POOLED_BYTES) return Buffer.allocUnsafe(length);
  for (const lent of pool) {
    if (lent.by.writableFinished) {
      lent.by = by;
      return lent.buf.subarray(0, length);
    }
    if (lent.by.destroyed) {
      lent.buf = Buffer.allocUnsafeSlow(POOLED_BYTES);
      lent.by = by;
      return lent.buf.subarray(0, length);
    }
  }
  if (pool.length >= POOL_SIZE) return Buffer.allocUnsafe(length);
  const buf = Buffer.allocUnsafeSlow(POOLED_BYTES);
  pool.push({ buf, by });
  return buf.subarray(0, length);
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Compile `template` for the shape of `symbolic` (a model whose per-request parts come from the
 * recorder). Returns undefined when the template does not lay out as the rules above require.
 */
export function compileTemplate<M>(eta: ViewEta, template: string, build: (r: Recorder<M>) => object, read?: FieldReader<M>, maxBits = 2000): CompiledTemplate<M> | undefined {
  const r = new Recorder<M>();
  const render = (on: number) => {
    r.reset(on);
    return eta.render(template, build(r));
  };
  const off = render(-1);
  const texts = r.texts;
  const bits = r.bits;
  if (bits.length > maxBits) return undefined;
  // where each bit adds its markup, in the all-off render
  const inserts: Array<{ at: number; text: string }> = [];
  for (let k = 0; k < bits.length; k++) {
    const on = render(k);
    if (r.bits.length !== bits.length || r.texts.length !== texts.length) return undefined;
    const at = commonPrefix(on, off);
    const added = on.length - off.length;
    if (added <= 0 || on.slice(at + added) !== off.slice(at)) return undefined;
    const text = on.slice(at, at + added);
    if (text.includes('\u0000') || (k > 0 && at < inserts[k - 1]!.at)) return undefined;
    inserts.push({ at, text });
  }
  const escape = eta.config.escapeFunction as (s: string) => string;
  const ops: Array<Op<M>> = [];
  let pending = '';
  const flush = () => {
    if (pending !== '') ops.push({ kind: 'static', buf: Buffer.from(pending, 'utf8') });
    pending = '';
  };
  let pos = 0;
  let next = 0;
  const staticUpTo = (end: number) => {
    // the markup from pos to end, with the bits that add theirs inside it
    while (next < inserts.length && inserts[next]!.at <= end) {
      const { at, text } = inserts[next]!;
      pending += off.slice(pos, at);
      pos = at;
      flush();
      ops.push({ kind: 'bit', source: bits[next]!, buf: Buffer.from(text, 'utf8') });
      next++;
    }
    pending += off.slice(pos, end);
    pos = end;
  };
  for (const m of off.matchAll(MARKER)) {
    const index = Number(m[2]);
    const get = texts[index];
    if (!get) return undefined;
    staticUpTo(m.index);
    // a bit that adds at the very start of a text part belongs before it (staticUpTo placed it)
    flush();
    ops.push({ kind: 'text', get, escape: m[1] === '&amp;', marker: m[0] });
    pos = m.index + m[0].length;
  }
  staticUpTo(off.length);
  flush();
  if (ops.some((op) => op.kind === 'static' && op.buf.includes(0))) return undefined;
  // laid out right, the pieces with every bit on make the render with every bit on
  const all = ops.map((op) => (op.kind === 'text' ? op.marker : op.buf.toString('utf8'))).join('');
  if (all !== render(ALL)) return undefined;
  return new CompiledTemplate(ops, escape, read);
}

/**
 * The compiled shapes of a template per owner (a questionnaire object, which never changes), at most
 * `maxShapes` each: a shape beyond them, or one that does not compile, is rendered by Eta.
 */
export class CompiledTemplates<M> {
  private readonly shapes = new WeakMap<object, Map<string, CompiledTemplate<M> | null>>();

  constructor(
    private readonly eta: ViewEta,
    private readonly template: string,
    /** How field bits read the model's fields (Recorder.field). */
    private readonly read?: FieldReader<M>,
    private readonly maxShapes = 256,
  ) {}

  /**
   * The page of `model` as compiled for its shape, or undefined: render it with Eta. `model` needs
   * only what the recorder's getters read; `whole()` is the complete model, built only when a shape
   * is compiled (and its first page compared with Eta's).
   */
  render(owner: object, key: string, model: M & object, whole: () => M & object, build: (r: Recorder<M>, whole: M) => object, by?: PageWriter): Buffer | undefined {
    let byKey = this.shapes.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.shapes.set(owner, byKey);
    }
    let compiled = byKey.get(key);
    if (compiled === undefined) {
      if (byKey.size >= this.maxShapes) return undefined;
      const m = whole();
      compiled = compileTemplate(this.eta, this.template, (r: Recorder<M>) => build(r, m), this.read) ?? null;
      // the first page of a shape is rendered both ways; a difference leaves the shape to Eta for good
      if (compiled && !compiled.fill(model).equals(Buffer.from(this.eta.render(this.template, m), 'utf8'))) compiled = null;
      byKey.set(key, compiled);
    }
    return compiled?.fill(model, by);
  }
}
