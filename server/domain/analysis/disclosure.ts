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
import { OUTSIDE_BANDS } from '../questionnaire/types/number/table.js';
import { NUMBER_ROW, type BackgroundPlan } from './plan.js';
import type { Breakdown, BreakdownCell, NumberCountRow, OverallScore, QuestionReport, ScaleReport } from './types.js';

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

/**
 * A published count row of a background question's own table: how many respondents have an atom code
 * for which `has` holds (BLANK_CODE: no answer). `hide`, where hiding the row alone can close a leak,
 * hides it and returns how to undo that.
 */
type PublishedRow = { has: (code: number) => boolean; hidden: boolean; count: number; hide?: () => () => void };

/**
 * The count rows of breakdown `b`'s question as published. A number question publishes more than its
 * bands: "n (met een getal)" (every band and the numbers outside them), "Buiten de groepen", the
 * declared missing, "Geen antwoord" and the invalid answers; a choice question its options, its
 * declared missing codes, "Geen antwoord" and "Ongeldige code". Rows that make up a suppressed cell
 * count as hidden (hideGroupCounts hides them when the report is done).
 */
export function publishedRows(b: Breakdown, plan: BackgroundPlan, questions: readonly QuestionReport[]): PublishedRow[] | null {
  const q = questions.find((x) => x.code === b.question);
  const unknownHidden = b.cells[b.cells.length - 1]!.suppressed;
  if (q?.type === 'number' && plan.codeOf) {
    const cells = b.cells.slice(0, -1);
    const outsideBand = q.bands?.find((x) => x.label === OUTSIDE_BANDS);
    const marked = (row: NumberCountRow) => () => {
      q.hiddenCounts[row] = 'complementary';
      return () => delete q.hiddenCounts[row];
    };
    const counted = (row: NumberCountRow, code: number, count: number): PublishedRow => ({
      has: (x) => x === code,
      count,
      hidden: unknownHidden || q.hiddenCounts[row] !== undefined,
      hide: marked(row),
    });
    return [
      // a band's row counts the same respondents as its cell: hiding the cell hides both
      ...cells.map((c, i) => ({ has: (x: number) => x === i, count: c.n, hidden: c.suppressed || q.bands?.[i]?.hidden !== undefined })),
      { has: (x) => x >= 0 || x === NUMBER_ROW.outside, count: q.n, hidden: q.hiddenCounts.n !== undefined, hide: marked('n') },
      {
        has: (x) => x === NUMBER_ROW.outside,
        count: q.outsideBands,
        hidden: unknownHidden || outsideBand?.hidden !== undefined,
        ...(outsideBand && {
          hide: () => {
            outsideBand.hidden = 'complementary';
            return () => delete outsideBand.hidden;
          },
        }),
      },
      counted('declared', NUMBER_ROW.declared, q.missing.declared),
      counted('invalid', NUMBER_ROW.invalid, q.missing.invalid),
      counted('skipped', BLANK_CODE, q.missing.skipped),
    ];
  }
  const cellOfCode = plan.cellOfCode;
  if (!cellOfCode || !q || !('rows' in q) || (q.type !== 'single' && q.type !== 'yesno')) return null;
  const codes = new Set(q.rows.flatMap((r) => (r.value === null ? [] : [r.value])));
  return q.rows.map((r) => ({
    has:
      r.kind === 'nonResponse'
        ? (x: number) => x === BLANK_CODE
        : r.kind === 'invalid'
          ? (x: number) => x !== BLANK_CODE && !codes.has(x)
          : (x: number) => x === r.value,
    count: r.count,
    hidden: r.hidden !== undefined || (b.cells[cellOfCode(r.kind === 'option' || r.kind === 'other' ? r.value : null)]?.suppressed ?? false),
    hide: () => {
      r.hidden = 'complementary';
      return () => delete r.hidden;
    },
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
      if (!r.hidden && r.count > 0) counts.add(atoms.map((a) => (r.has(a.codes[bi]!) ? 1 : 0)));
    }),
  );
  // a group of everyone is the wave's own n, published with every report
  const everyone = (g: number[]) => g.every((x) => x === 1);
  for (const [bi, b] of breakdowns.entries())
    for (const [ci, c] of b.cells.entries()) {
      if (c.suppression !== 'small') continue;
      const g = inCell(bi, ci);
      if (!everyone(g) && counts.contains(g)) return { score: null, group: g };
    }

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

/** A way to publish less: hide it, and get how to undo that. */
type Hider = { size: number; hide: () => () => void };

function cellHider(cell: BreakdownCell): Hider {
  return {
    size: cell.n,
    hide: () => {
      const saved = { ...cell, suppressedScores: [...cell.suppressedScores] };
      hideCell(cell);
      return () => Object.assign(cell, saved);
    },
  };
}

/** Everything withheld: every breakdown group, every count row that can be hidden, every score. */
function withholdAll(p: Omit<Published, 'rows'>, rows: Published['rows']): void {
  for (const b of p.breakdowns) for (const c of b.cells) if (!c.suppressed) hideCell(c);
  for (const r of rows.flatMap((x) => x ?? [])) if (!r.hidden) r.hide?.();
  for (const s of p.scales) Object.assign(s, { scoreMean: null, scoreSd: null, scoreSuppressed: true });
  Object.assign(p.overall, { mean: null, sd: null, suppressed: true });
}

/**
 * Hide more breakdown groups, or count rows of the background questions' own tables, until no group
 * below the minimum can be computed from what the report publishes (see above). `rowsOf()` gives the
 * count rows as published; it is asked again after each change. A leak that no hiding closes fails
 * closed: every breakdown group, count row and score is withheld (`withheld`), and if even that leaves
 * one, this throws rather than let the report be published.
 */
export function closeLeaks(atoms: Atom[], p: Omit<Published, 'rows'>, rowsOf: () => Published['rows']): { hidden: number; withheld: boolean } {
  let hidden = 0;
  const check = () => leak(atoms, { ...p, rows: rowsOf() });
  for (;;) {
    const found = check();
    if (!found) return { hidden, withheld: false };
    const closes = ({ hide }: Hider) => {
      const undo = hide();
      const still = check();
      undo();
      return !still || still.score !== found.score || still.group.some((x, i) => x !== found.group[i]);
    };
    const bySize = (a: Hider, b: Hider) => a.size - b.size;
    const cells = p.breakdowns.flatMap((b) => b.cells.filter((c) => c.n > 0 && !c.suppressed)).map(cellHider).sort(bySize);
    const rows = rowsOf()
      .flatMap((x) => x ?? [])
      .flatMap((r) => (!r.hidden && r.count > 0 && r.hide ? [{ size: r.count, hide: r.hide }] : []))
      .sort(bySize);
    // the smallest group whose hiding closes this leak, else the smallest count row that does; else the smallest group, and look again
    const pick = cells.find(closes) ?? rows.find(closes) ?? cells[0] ?? rows[0];
    if (!pick) {
      withholdAll(p, rowsOf());
      if (check()) throw new Error('disclosure: a group below the minimum is computable even with everything withheld');
      return { hidden, withheld: true };
    }
    pick.hide();
    hidden += 1;
  }
}

export type { Atom };
