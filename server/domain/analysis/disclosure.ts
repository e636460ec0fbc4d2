/**
 * The last check before a report is published: can anyone compute a group below the minimum from the
 * numbers the report shows, taken together? Per-table rules (suppression.ts: small cells and their
 * complement) protect one table against its own total, but two breakdowns and the background
 * questions' frequency tables together give more equations: with a minimum of 3, "everyone − overleg A
 * − aanwezigheid 4-6 + the 'aanwezigheid 5' row" can be exactly the one person in neither.
 *
 * The respondents are grouped into atoms: those who gave the same answers to every background
 * question (the finest groups any table can tell apart), with per score how many have one. Every
 * published count is the sum of its atoms' counts; every published mean times its n is the sum of its
 * atoms' score sums. A group is revealed when its indicator lies in the span of the published rows
 * (linear algebra; elimination in floating point with a tolerance — the entries are 0 and 1 and the
 * rank is small; the property test checks the outcome with exact rational arithmetic). Protected:
 * the n of every small breakdown group, and per score the sum of every breakdown group, every atom
 * and the whole wave with fewer scored respondents than the minimum. While something is revealed,
 * the smallest shown breakdown group whose hiding closes the leak is hidden as well (complementary).
 *
 * Cost: atoms are bounded by the product of the background questions' answer counts and by n; each
 * round is one elimination per score, and every round hides one more group.
 */
import { noScores } from './breakdown.js';
import { NUMBER_ROW, type BackgroundPlan } from './plan.js';
import type { Breakdown, BreakdownCell, OverallScore, QuestionReport, ScaleReport } from './types.js';

const TOLERANCE = 1e-9;
const BLANK_CODE = -1e308;
/** Distinct codes per background question stay far below this; keys stay exact doubles for a handful of breakdowns. */
const RADIX = 4096;

/** The span of published rows, each row reduced against the ones before (pivot 1). */
class Span {
  private readonly basis: Array<{ pivot: number; row: Float64Array }> = [];
  constructor(private readonly width: number) {}

  private reduce(v: ArrayLike<number>): Float64Array {
    const r = Float64Array.from(v);
    for (const { pivot, row } of this.basis) {
      const a = r[pivot]!;
      if (a === 0) continue;
      for (let i = 0; i < this.width; i++) r[i] = r[i]! - a * row[i]!;
    }
    return r;
  }

  add(v: ArrayLike<number>): void {
    const r = this.reduce(v);
    let pivot = -1;
    for (let i = 0; i < this.width; i++) if (Math.abs(r[i]!) > TOLERANCE && (pivot < 0 || Math.abs(r[i]!) > Math.abs(r[pivot]!))) pivot = i;
    if (pivot < 0) return;
    const p = r[pivot]!;
    for (let i = 0; i < this.width; i++) r[i] = Math.abs(r[i]!) > TOLERANCE ? r[i]! / p : 0;
    this.basis.push({ pivot, row: r });
  }

  /** Per column: whether that column alone (a unit vector) is in the span. Full reduction once, then a look per column. */
  units(): boolean[] {
    const rows = this.basis.map((b) => ({ pivot: b.pivot, row: Float64Array.from(b.row) }));
    for (let i = rows.length - 1; i >= 0; i--)
      for (let j = 0; j < rows.length; j++) {
        if (j === i) continue;
        const a = rows[j]!.row[rows[i]!.pivot]!;
        if (a !== 0) for (let k = 0; k < this.width; k++) rows[j]!.row[k] = rows[j]!.row[k]! - a * rows[i]!.row[k]!;
      }
    const out = new Array<boolean>(this.width).fill(false);
    for (const { pivot, row } of rows) {
      let alone = true;
      for (let k = 0; k < this.width && alone; k++) if (k !== pivot && Math.abs(row[k]!) > TOLERANCE) alone = false;
      out[pivot] = alone;
    }
    return out;
  }

  contains(v: ArrayLike<number>): boolean {
    const r = this.reduce(v);
    for (let i = 0; i < this.width; i++) if (Math.abs(r[i]!) > TOLERANCE) return false;
    return true;
  }
}

interface Atom {
  /** Per breakdown: the answer code (choice), or the cell (number); BLANK_CODE for no answer. */
  codes: number[];
  /** Per breakdown: the cell. */
  cells: number[];
  n: number;
  /** Per score (aspects, then the overall score): respondents with one. */
  scored: number[];
}

/** Collects the atoms during analyze()'s one pass. */
export class AtomCollector {
  private readonly atoms = new Map<number | string, Atom>();
  /** Per breakdown: code → a small index, so an atom's key is a number (no string per response). */
  private readonly indexOf: Array<Map<number, number>>;
  private readonly codes: Float64Array;
  private readonly exact: boolean;

  constructor(
    private readonly plans: readonly BackgroundPlan[],
    private readonly scores: number,
  ) {
    this.indexOf = plans.map(() => new Map());
    this.codes = new Float64Array(plans.length);
    // a number key is exact up to 2^53: four breakdowns of RADIX codes; more breakdowns get a string key
    this.exact = plans.length <= 4;
  }

  /** Add the response last read by the extractor, in these cells (per breakdown), with or without each score. */
  add(num: Float64Array, kind: Uint8Array, cells: ArrayLike<number>, scored: readonly boolean[]): void {
    let key = 0;
    for (let b = 0; b < this.plans.length; b++) {
      const p = this.plans[b]!;
      // the row of the question's own frequency table (a choice question: its code; a number question: its band or class)
      const code = p.codeOf ? (p.codeOf(num, kind) ?? BLANK_CODE) : cells[b]!;
      this.codes[b] = code;
      const seen = this.indexOf[b]!;
      let index = seen.get(code);
      if (index === undefined) {
        index = seen.size;
        seen.set(code, index);
      }
      // thousands of distinct codes are junk (no option has them, no frequency row shows them one by one): one atom
      key = key * RADIX + Math.min(index, RADIX - 1);
    }
    const atomKey = this.exact ? key : Array.from(this.codes).join('|');
    let atom = this.atoms.get(atomKey);
    if (!atom) {
      atom = { codes: Array.from(this.codes), cells: Array.from(cells), n: 0, scored: new Array<number>(this.scores).fill(0) };
      this.atoms.set(atomKey, atom);
    }
    atom.n += 1;
    for (let i = 0; i < this.scores; i++) if (scored[i]) atom.scored[i] = atom.scored[i]! + 1;
  }

  list(): Atom[] {
    return [...this.atoms.values()];
  }
}

/** A published frequency row: how many respondents gave one of `codes` (BLANK_CODE: no answer); hidden rows publish nothing. */
type PublishedRow = { codes: number[]; hidden: boolean; count: number };

/**
 * The frequency rows of breakdown `b`'s question as published. A number question publishes more than
 * its bands: "n (met een getal)" (every band and the numbers outside them), "Geen antwoord", the
 * declared missing and the invalid answers, from which a hidden band could otherwise be computed.
 */
export function publishedRows(b: Breakdown, plan: BackgroundPlan, questions: readonly QuestionReport[]): PublishedRow[] | null {
  const q = questions.find((x) => x.code === b.question);
  if (q?.type === 'number' && plan.codeOf) {
    const cells = b.cells.slice(0, -1);
    const bandCodes = cells.map((_, i) => i);
    return [
      ...cells.map((c, i) => ({ codes: [i], count: c.n, hidden: c.suppressed })),
      { codes: [...bandCodes, NUMBER_ROW.outside], count: q.n, hidden: false },
      { codes: [NUMBER_ROW.outside], count: q.bands?.find((x) => x.label === 'Buiten de groepen')?.count ?? 0, hidden: false },
      { codes: [NUMBER_ROW.declared], count: q.missing.declared, hidden: false },
      { codes: [NUMBER_ROW.invalid], count: q.missing.invalid, hidden: false },
      { codes: [BLANK_CODE], count: q.missing.skipped, hidden: false },
    ];
  }
  const cellOfCode = plan.cellOfCode;
  if (!cellOfCode || !q || !('rows' in q) || (q.type !== 'single' && q.type !== 'yesno')) return null;
  return q.rows
    .filter((r) => r.kind !== 'invalid')
    .map((r) => ({
      codes: [r.kind === 'nonResponse' ? BLANK_CODE : (r.value ?? BLANK_CODE)],
      count: r.count,
      hidden: b.cells[cellOfCode(r.kind === 'option' || r.kind === 'other' ? r.value : null)]?.suppressed ?? false,
    }));
}

/** A cell hidden to close a leak: like a complementary suppression of suppressCells. */
function hideCell(cell: BreakdownCell): void {
  Object.assign(cell, {
    suppressed: true,
    suppression: 'complementary',
    ...noScores(),
  } satisfies Partial<BreakdownCell>);
}

interface Published {
  breakdowns: Breakdown[];
  /** Per breakdown: its question's frequency rows (choice questions), for the rows not hidden. */
  rows: Array<PublishedRow[] | null>;
  scales: ScaleReport[];
  overall: OverallScore;
  minimum: number;
}

/** The first revealed group, as [family, indicator]; null when nothing is. */
function leak(atoms: Atom[], p: Published): { score: number | null; group: number[] } | null {
  const W = atoms.length;
  const { breakdowns, minimum } = p;
  const inCell = (b: number, c: number) => atoms.map((a) => (a.cells[b] === c ? 1 : 0));

  const counts = new Span(W);
  counts.add(atoms.map(() => 1));
  breakdowns.forEach((b, bi) =>
    b.cells.forEach((c, ci) => {
      if (c.n > 0 && !c.suppressed) counts.add(inCell(bi, ci));
    }),
  );
  p.rows.forEach((rows, bi) =>
    rows?.forEach((r) => {
      if (!r.hidden && r.count > 0) counts.add(atoms.map((a) => (r.codes.includes(a.codes[bi]!) ? 1 : 0)));
    }),
  );
  for (const [bi, b] of breakdowns.entries())
    for (const [ci, c] of b.cells.entries()) if (c.suppression === 'small' && counts.contains(inCell(bi, ci))) return { score: null, group: inCell(bi, ci) };

  const ids = [...p.scales.map((s) => s.id), 'overall'];
  for (const [s, id] of ids.entries()) {
    const totalShown = id === 'overall' ? !p.overall.suppressed && p.overall.mean !== null : p.scales[s]!.scoreMean !== null;
    const sums = new Span(W);
    const scored = (g: number[]) => g.map((x, i) => (x && atoms[i]!.scored[s]! > 0 ? 1 : 0));
    if (totalShown) sums.add(scored(atoms.map(() => 1)));
    breakdowns.forEach((b, bi) =>
      b.cells.forEach((c, ci) => {
        if (c.n > 0 && !c.suppressed && !c.suppressedScores.includes(id)) sums.add(scored(inCell(bi, ci)));
      }),
    );
    const small = (g: number[]) => {
      const n = g.reduce((acc, x, i) => acc + (x ? atoms[i]!.scored[s]! : 0), 0);
      return n > 0 && n < minimum;
    };
    const units = sums.units();
    for (const [j, atom] of atoms.entries())
      if (units[j] && atom.scored[s]! > 0 && atom.scored[s]! < minimum) return { score: s, group: atoms.map((_, i) => (i === j ? 1 : 0)) };
    const groups: number[][] = [atoms.map(() => 1)];
    breakdowns.forEach((b, bi) => b.cells.forEach((_, ci) => groups.push(inCell(bi, ci))));
    for (const g of groups) if (small(g) && sums.contains(scored(g))) return { score: s, group: g };
  }
  return null;
}

/**
 * Hide more breakdown groups until no group below the minimum can be computed from what the report
 * publishes (see above). `rowsOf(b)` gives breakdown b's frequency rows as published; it is asked
 * again after each change. Returns how many groups were hidden.
 */
export function closeLeaks(atoms: Atom[], p: Omit<Published, 'rows'>, rowsOf: () => Published['rows']): number {
  let hidden = 0;
  for (;;) {
    const found = leak(atoms, { ...p, rows: rowsOf() });
    if (!found) return hidden;
    const candidates = p.breakdowns
      .flatMap((b) => b.cells.filter((c) => c.n > 0 && !c.suppressed))
      .sort((a, b) => a.n - b.n);
    if (candidates.length === 0) return hidden;
    // the smallest group whose hiding closes this leak; else the smallest, and look again
    const closes = candidates.find((c) => {
      const saved = { ...c, suppressedScores: [...c.suppressedScores] };
      hideCell(c);
      const still = leak(atoms, { ...p, rows: rowsOf() });
      Object.assign(c, saved);
      return !still || still.score !== found.score || still.group.some((x, i) => x !== found.group[i]);
    });
    hideCell(closes ?? candidates[0]!);
    hidden += 1;
  }
}

export type { Atom };
