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
 * the smallest shown breakdown group whose hiding closes the leak is hidden as well (complementary),
 * else the smallest count row of a background question's own table that closes it; when nothing
 * closes it, everything is withheld (fail closed, closeLeaks).
 *
 * Cost: atoms are bounded by the product of the background questions' answer counts and by n; each
 * round is one elimination for the counts (only when a group is hidden as small) and one per score
 * where an atom or a group is small, over the score's classes of atoms in the same cells (Layout),
 * shared by scores with the same published rows; every round hides one more group. For the 5,000
 * responses of bench results-page (643 atoms) the check takes about 2.7 ms CPU (9.3 ms before).
 */
import { noScores } from './breakdown.js';
import { OUTSIDE_BANDS } from '../questionnaire/types/number/table.js';
import { NUMBER_ROW, type BackgroundPlan } from './plan.js';
import type { Breakdown, BreakdownCell, NumberCountRow, OverallScore, QuestionReport, ScaleReport } from './types.js';

const TOLERANCE = 1e-9;
const BLANK_CODE = -1e308;
/** A routed background question the respondent was not asked: counted in "Niet gesteld door de routering", not in "Geen antwoord". */
const NOT_ASKED_CODE = -1e307;
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

  /**
   * Add the response last read by the extractor, in these cells (per breakdown), with or without each
   * score; `notAsked[b]` when routing hid breakdown b's question from it.
   */
  add(num: Float64Array, kind: Uint8Array, cells: ArrayLike<number>, scored: readonly boolean[], notAsked: ArrayLike<number>): void {
    let key = 0;
    for (let b = 0; b < this.plans.length; b++) {
      const p = this.plans[b]!;
      // the row of the question's own frequency table (a choice question: its code; a number question: its band or class);
      // not asked is a row of its own (the routing note, and the Totaal of those asked), apart from "Geen antwoord"
      const code = notAsked[b] ? NOT_ASKED_CODE : p.codeOf ? (p.codeOf(num, kind) ?? BLANK_CODE) : cells[b]!;
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
 * declared missing codes, "Geen antwoord" and "Ongeldige code". A routed question (showIf) also
 * publishes how many it did not ask (notAskedRow): not part of "Geen antwoord", which counts only
 * those asked. Rows that make up a suppressed cell
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
      notAskedRow(q, unknownHidden),
    ];
  }
  const cellOfCode = plan.cellOfCode;
  if (!cellOfCode || !q || !('rows' in q) || (q.type !== 'single' && q.type !== 'yesno')) return null;
  const codes = new Set(q.rows.flatMap((r) => (r.value === null ? [] : [r.value])));
  const rows = q.rows.map((r) => ({
    has:
      r.kind === 'nonResponse'
        ? (x: number) => x === BLANK_CODE
        : r.kind === 'invalid'
          ? (x: number) => x !== BLANK_CODE && x !== NOT_ASKED_CODE && !codes.has(x)
          : (x: number) => x === r.value,
    count: r.count,
    hidden: r.hidden !== undefined || (b.cells[cellOfCode(r.kind === 'option' || r.kind === 'other' ? r.value : null)]?.suppressed ?? false),
    hide: () => {
      r.hidden = 'complementary';
      return () => delete r.hidden;
    },
  }));
  return [...rows, notAskedRow(q, b.cells[cellOfCode(null)]?.suppressed ?? false)];
}

/**
 * The respondents routing did not ask a background question: the table's note "Niet gesteld door de
 * routering: n" (and, for a choice question, its Totaal and percentages, whose base is those asked);
 * part of the "Onbekend" group, so hidden with it.
 */
function notAskedRow(q: QuestionReport, unknownHidden: boolean): PublishedRow {
  return {
    has: (x) => x === NOT_ASKED_CODE,
    count: q.notShown,
    hidden: unknownHidden || q.notShownHidden !== undefined,
    hide: () => {
      q.notShownHidden = 'complementary';
      return () => delete q.notShownHidden;
    },
  };
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

/**
 * What stays the same while closeLeaks hides groups, worked out once: which atoms are in each cell
 * (as rows), and per score each atom's and each group's number of scored respondents, so that only the
 * scores where some atom or group is small are solved at all. A score's equations are over cells
 * only, so atoms in the same cells (e.g. aanwezigheid 5 and 6, both in band 4-6) have the same column
 * there: they are solved as one column (a class), and an atom that shares its class with another
 * scored atom can never be told apart from it.
 */
class Layout {
  readonly width: number;
  readonly everyone: Float64Array;
  /** Per breakdown, per cell: the atoms in it. */
  readonly inCell: Float64Array[][];
  /** Per score: the classes (distinct cells) of the atoms with at least one respondent with that score. */
  readonly classes: Array<{ key: string; of: Int32Array; count: number; members: number[][] }>;
  /** Per score: the atoms with a score count below the minimum (and above 0). */
  readonly smallAtoms: number[][];
  /** Per score: the groups (-1: the whole wave; else [breakdown, cell]) with a score count below the minimum. */
  readonly smallGroups: Array<Array<[number, number] | -1>>;

  constructor(
    readonly atoms: Atom[],
    breakdowns: readonly Breakdown[],
    scores: number,
    minimum: number,
  ) {
    const W = atoms.length;
    this.width = W;
    this.everyone = new Float64Array(W).fill(1);
    this.inCell = breakdowns.map((b, bi) => b.cells.map((_, ci) => Float64Array.from(atoms, (a) => (a.cells[bi] === ci ? 1 : 0))));
    const small = (n: number) => n > 0 && n < minimum;
    this.classes = [];
    this.smallAtoms = [];
    this.smallGroups = [];
    const cellKeys = atoms.map((a) => a.cells.join(','));
    for (let s = 0; s < scores; s++) {
      const index = new Map<string, number>();
      const of = new Int32Array(W).fill(-1);
      const members: number[][] = [];
      atoms.forEach((a, j) => {
        if (a.scored[s]! === 0) return;
        let c = index.get(cellKeys[j]!);
        if (c === undefined) {
          c = members.length;
          index.set(cellKeys[j]!, c);
          members.push([]);
        }
        of[j] = c;
        members[c]!.push(j);
      });
      this.classes.push({ key: [...index.keys()].join(';'), of, count: members.length, members });
      this.smallAtoms.push(atoms.flatMap((a, j) => (small(a.scored[s]!) ? [j] : [])));
      const groups: Array<[number, number] | -1> = [];
      if (small(atoms.reduce((acc, a) => acc + a.scored[s]!, 0))) groups.push(-1);
      breakdowns.forEach((b, bi) =>
        b.cells.forEach((_, ci) => {
          let n = 0;
          for (let j = 0; j < W; j++) if (atoms[j]!.cells[bi] === ci) n += atoms[j]!.scored[s]!;
          if (small(n)) groups.push([bi, ci]);
        }),
      );
      this.smallGroups.push(groups);
    }
  }

  /** A group (-1: everyone) as a 0/1 row over the atoms. */
  row(group: [number, number] | -1): Float64Array {
    return group === -1 ? this.everyone : this.inCell[group[0]]![group[1]]!;
  }

  /** A group (-1: everyone) as a 0/1 row over score s's classes. */
  classRow(s: number, group: [number, number] | -1): Float64Array {
    const { members, count } = this.classes[s]!;
    const out = new Float64Array(count);
    for (let c = 0; c < count; c++) {
      const cells = this.atoms[members[c]![0]!]!.cells;
      out[c] = group === -1 || cells[group[0]] === group[1] ? 1 : 0;
    }
    return out;
  }
}

const unit = (W: number, j: number) => Array.from({ length: W }, (_, i) => (i === j ? 1 : 0));

/** The first revealed group, as [family, indicator]; null when nothing is. */
function leak(layout: Layout, p: Published): { score: number | null; group: number[] } | null {
  const { atoms, width: W } = layout;
  const { breakdowns } = p;

  // the n of a small group: only when one is hidden as small (not the whole wave: its n is published with every report)
  const smallCells = breakdowns.flatMap((b, bi) => b.cells.flatMap((c, ci) => (c.suppression === 'small' && !layout.inCell[bi]![ci]!.every((x) => x === 1) ? [[bi, ci] as const] : [])));
  if (smallCells.length > 0) {
    const counts = new Span(W);
    counts.add(layout.everyone);
    breakdowns.forEach((b, bi) =>
      b.cells.forEach((c, ci) => {
        if (c.n > 0 && !c.suppressed) counts.add(layout.inCell[bi]![ci]!);
      }),
    );
    p.rows.forEach((rows, bi) =>
      rows?.forEach((r) => {
        if (!r.hidden && r.count > 0) counts.add(Float64Array.from(atoms, (a) => (r.has(a.codes[bi]!) ? 1 : 0)));
      }),
    );
    for (const [bi, ci] of smallCells) if (counts.contains(layout.inCell[bi]![ci]!)) return { score: null, group: Array.from(layout.inCell[bi]![ci]!) };
  }

  // per score, only where an atom or a group is small; scores whose published rows are the same share a span
  const spans = new Map<string, { span: Span; units?: boolean[] }>();
  const ids = [...p.scales.map((s) => s.id), 'overall'];
  for (const [s, id] of ids.entries()) {
    const smallAtoms = layout.smallAtoms[s]!;
    const smallGroups = layout.smallGroups[s]!;
    if (smallAtoms.length === 0 && smallGroups.length === 0) continue;
    const totalShown = id === 'overall' ? !p.overall.suppressed && p.overall.mean !== null : p.scales[s]!.scoreMean !== null;
    const shown: Array<[number, number]> = [];
    breakdowns.forEach((b, bi) =>
      b.cells.forEach((c, ci) => {
        if (c.n > 0 && !c.suppressed && !c.suppressedScores.includes(id)) shown.push([bi, ci]);
      }),
    );
    const classes = layout.classes[s]!;
    const key = `${classes.key}|${totalShown}|${shown.join(';')}`;
    let entry = spans.get(key);
    if (!entry) {
      const span = new Span(classes.count);
      if (totalShown) span.add(layout.classRow(s, -1));
      for (const g of shown) span.add(layout.classRow(s, g));
      entry = { span };
      spans.set(key, entry);
    }
    if (smallAtoms.length > 0) {
      entry.units ??= entry.span.units();
      // an atom alone in its class: that class's unit; an atom sharing its class is never told apart
      const j = smallAtoms.find((x) => classes.members[classes.of[x]!]!.length === 1 && entry.units![classes.of[x]!]);
      if (j !== undefined) return { score: s, group: unit(W, j) };
    }
    for (const g of smallGroups) if (entry.span.contains(layout.classRow(s, g))) return { score: s, group: Array.from(layout.row(g)) };
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
  const layout = new Layout(atoms, p.breakdowns, p.scales.length + 1, p.minimum);
  const check = () => leak(layout, { ...p, rows: rowsOf() });
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
