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
 *   the difference is the markup the bit adds (` checked`) and where.
 *
 * The template stays the one source of the markup. What the template does with a model must not
 * depend on a text part other than by printing it, nor on a bit other than by printing more or less
 * at one place; the shape key (chosen by the caller) must hold everything else that steers the
 * template. Each shape is checked when it is made: the page of the request that made it is rendered
 * by Eta as well and must be the same bytes, else the shape is never compiled and Eta renders it
 * (tests/templates/compiledPage.test.ts compares both over many answer states). Nothing of any
 * request's model is kept: only the template's own markup.
 */
import type { ViewEta } from './eta.js';

type Getter<M, T> = (model: M) => T;

/** Hands out the markers of a symbolic render and keeps how to fill each in. */
export class Recorder<M> {
  texts: Array<Getter<M, string>> = [];
  bits: Array<Getter<M, boolean>> = [];
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
    this.bits.push(get);
    const i = this.bits.length - 1;
    return this.on === ALL || this.on === i;
  }
}

const ALL = -2;
const MARKER = /\u0000(&amp;|&)(\d+)\u0000/g;

type Op<M> = { kind: 'static'; buf: Buffer } | { kind: 'text'; get: Getter<M, string>; escape: boolean; marker: string } | { kind: 'bit'; get: Getter<M, boolean>; buf: Buffer };

/**
 * The markup between two text parts as one Buffer (every bit off), with where each bit adds its
 * own: a request copies the stretches between the bits that are on, not a piece per option.
 */
type Piece<M> = { kind: 'run'; buf: Buffer; bits: Array<{ at: number; get: Getter<M, boolean>; buf: Buffer }> } | { kind: 'text'; get: Getter<M, string>; escape: boolean };

/** A template compiled for one shape: fill it in with a request's model. */
export class CompiledTemplate<M> {
  private readonly pieces: ReadonlyArray<Piece<M>>;
  // scratch of fill(), which runs to its end without yielding
  private readonly on: Uint8Array;
  private readonly values: string[];

  constructor(
    ops: ReadonlyArray<Op<M>>,
    private readonly escape: (s: string) => string,
  ) {
    const pieces: Array<Piece<M>> = [];
    let run: { parts: Buffer[]; length: number; bits: Array<{ at: number; get: Getter<M, boolean>; buf: Buffer }> } | null = null;
    const close = () => {
      if (run) pieces.push({ kind: 'run', buf: Buffer.concat(run.parts), bits: run.bits });
      run = null;
    };
    let bits = 0;
    for (const op of ops) {
      if (op.kind === 'text') {
        close();
        pieces.push({ kind: 'text', get: op.get, escape: op.escape });
        continue;
      }
      run ??= { parts: [], length: 0, bits: [] };
      if (op.kind === 'static') {
        run.parts.push(op.buf);
        run.length += op.buf.length;
      } else {
        run.bits.push({ at: run.length, get: op.get, buf: op.buf });
        bits++;
      }
    }
    close();
    this.pieces = pieces;
    this.on = new Uint8Array(bits);
    this.values = new Array<string>(pieces.length).fill('');
  }

  fill(model: M): Buffer {
    const { pieces, on, values } = this;
    let length = 0;
    let b = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.kind === 'run') {
        length += piece.buf.length;
        for (const bit of piece.bits) {
          const yes = bit.get(model);
          on[b++] = yes ? 1 : 0;
          if (yes) length += bit.buf.length;
        }
      } else {
        const value = piece.escape ? this.escape(piece.get(model)) : piece.get(model);
        values[i] = value;
        length += Buffer.byteLength(value, 'utf8');
      }
    }
    const out = take(length);
    let pos = 0;
    b = 0;
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (piece.kind === 'run') {
        // TypedArray set, not Buffer copy (whose checks cost more than the copying here)
        const buf = piece.buf;
        let from = 0;
        for (const bit of piece.bits) {
          if (on[b++] === 0) continue;
          if (bit.at > from) {
            out.set(new Uint8Array(buf.buffer, buf.byteOffset + from, bit.at - from), pos);
            pos += bit.at - from;
          }
          from = bit.at;
          out.set(bit.buf, pos);
          pos += bit.buf.length;
        }
        if (from === 0) out.set(buf, pos);
        else if (from < buf.length) out.set(new Uint8Array(buf.buffer, buf.byteOffset + from, buf.length - from), pos);
        pos += buf.length - from;
      } else {
        const value = values[i]!;
        if (value !== '') pos += out.write(value, pos, 'utf8');
        values[i] = '';
      }
    }
    // allocUnsafe's memory is not cleared: every byte must have been written
    if (pos !== length) throw new Error(`compiled template: wrote ${pos} of ${length} bytes`);
    return out;
  }
}

// Pages are cut from slabs of 1 MB, as Buffer's own pool does for buffers under 4 kB: a new 17 kB
// buffer per request took some 4 % of a page view. A slab's bytes are handed out once, never again;
// it is freed when the last page cut from it has been sent.
const SLAB = 1 << 20;
let slab = Buffer.allocUnsafeSlow(0);
let used = 0;

function take(length: number): Buffer {
  if (length > SLAB >> 3) return Buffer.allocUnsafe(length);
  if (used + length > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB);
    used = 0;
  }
  const out = slab.subarray(used, used + length);
  used += (length + 7) & ~7;
  return out;
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
export function compileTemplate<M>(eta: ViewEta, template: string, build: (r: Recorder<M>) => object, maxBits = 2000): CompiledTemplate<M> | undefined {
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
      ops.push({ kind: 'bit', get: bits[next]!, buf: Buffer.from(text, 'utf8') });
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
  return new CompiledTemplate(ops, escape);
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
    private readonly maxShapes = 256,
  ) {}

  /** The page of `model` as compiled for its shape, or undefined: render it with Eta. */
  render(owner: object, key: string, model: M & object, build: (r: Recorder<M>) => object): Buffer | undefined {
    let byKey = this.shapes.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.shapes.set(owner, byKey);
    }
    let compiled = byKey.get(key);
    if (compiled === undefined) {
      if (byKey.size >= this.maxShapes) return undefined;
      compiled = compileTemplate(this.eta, this.template, build) ?? null;
      // the first page of a shape is rendered both ways; a difference leaves the shape to Eta for good
      if (compiled && !compiled.fill(model).equals(Buffer.from(this.eta.render(this.template, model), 'utf8'))) compiled = null;
      byKey.set(key, compiled);
    }
    return compiled?.fill(model);
  }
}
