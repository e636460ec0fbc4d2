/**
 * Finding showIf conditions that can never hold, and so pages and questions no respondent can reach.
 *
 * How: a condition only reads a few variables (its "atoms": the answers it compares, plus the answers
 * that decide whether the questions giving those answers are shown at all). Every comparison is a
 * threshold or an equality, so each atom's possible answers fall into finitely many classes that
 * behave alike: each option code, each constant the conditions compare with, a value between two
 * such constants, "unanswered". We try one representative of every class for every atom, apply the
 * routing of those questions as route() does (a hidden question's answers are dropped), and evaluate
 * the conditions with the real evaluate(). A condition that holds for none of them can never hold.
 *
 * Sound, not complete: it only claims "never" after trying every class, but it treats atoms as
 * independent, so it misses contradictions that need links between answers (items of a constant sum
 * adding up to the total, an exclusive option excluding the others, a required question being
 * answered, `answered` on a matrix versus its statements). It makes no claim when a condition
 * involved has a fault of its own (unknown or later question, impossible value; lint reports those)
 * or when there are more than MAX_COMBINATIONS combinations to try.
 */
import { evaluate } from './conditions.js';
import type { FileIndex, LintFault, Located } from './lint/model.js';
import { lintFault, quoted } from './lint/model.js';
import { normalize, type Questionnaire } from './normalize.js';
import { comparisonOps } from './parts.js';
import type { Block, Condition, QuestionnaireFile } from './schema.js';
import { isQuestion } from './schema.js';
import { moduleOf } from './types/index.js';
import { multiOptionVariable } from './types/multi/index.js';
import type { Value, Values } from './variables.js';

/** Above this many answer combinations a page is not analysed (no claim is made). */
export const MAX_COMBINATIONS = 20_000;

export type ComparisonOp = (typeof comparisonOps)[number];
export type Comparison = Extract<Condition, { q: string }>;

/** The operator of a comparison. */
export function comparisonOp(c: Comparison): ComparisonOp {
  return comparisonOps.find((op) => c[op] !== undefined) ?? 'answered';
}

/** The comparisons inside a condition. */
export function comparisons(c: Condition): Comparison[] {
  if ('all' in c) return c.all.flatMap(comparisons);
  if ('any' in c) return c.any.flatMap(comparisons);
  if ('not' in c) return comparisons(c.not);
  return [c];
}

/** Representatives of every class of numbers that threshold comparisons with `constants` tell apart. */
export function numericRepresentatives(constants: number[], lo: number | undefined, hi: number | undefined, integer: boolean): number[] {
  const min = lo ?? -Infinity;
  const max = hi ?? Infinity;
  const points = [...new Set([...constants, ...(lo === undefined ? [] : [lo]), ...(hi === undefined ? [] : [hi])])]
    .filter((x) => x >= min && x <= max)
    .sort((a, b) => a - b);
  if (points.length === 0) return integer ? [Math.ceil(min === -Infinity ? 0 : min)] : [0];
  const out: number[] = points.filter((x) => !integer || Number.isInteger(x));
  const between = (a: number, b: number): number | undefined => {
    if (!integer) return (a + b) / 2;
    const n = Math.floor(a) + 1;
    return n < b ? n : undefined;
  };
  for (let k = 1; k < points.length; k++) {
    const x = between(points[k - 1]!, points[k]!);
    if (x !== undefined) out.push(x);
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (lo === undefined) out.push(integer ? Math.ceil(first) - 1 : first - 1);
  if (hi === undefined) out.push(integer ? Math.floor(last) + 1 : last + 1);
  return out.filter((x) => x >= min && x <= max);
}

/** Unknown answer-scale names (reported by lint) become empty scales, so the file can be normalized. */
function normalizable(file: QuestionnaireFile): Questionnaire {
  const resolve = (b: Block): Block => (isQuestion(b) ? moduleOf(b).resolve((name) => file.answerScales[name] ?? []) : b);
  return normalize({ ...file, pages: file.pages.map((p) => ({ ...p, blocks: p.blocks.map(resolve) })) });
}

/** How a fault about a condition that never holds starts. */
const NEVER = 'deze voorwaarde kan nooit gelden';

/** `vraag "Q7"`, or `deze tekst` for a text block. */
function blockName(b: Block): string {
  return isQuestion(b) ? `vraag ${quoted(b.code)}` : 'deze tekst';
}

interface Page {
  showIf?: Condition;
  blocks: Block[];
}

class Analysis {
  private readonly q: Questionnaire;
  private readonly variablesOf = new Map<string, string[]>();
  /** Question codes found to be never shown, for the messages. */
  readonly neverShown = new Set<string>();

  constructor(
    private readonly file: QuestionnaireFile,
    private readonly index: FileIndex,
    private readonly faulty: Set<Condition>,
    private readonly ambiguous: Set<string>,
  ) {
    this.q = normalizable(file);
    for (const v of this.q.variables) this.variablesOf.set(v.question, [...(this.variablesOf.get(v.question) ?? []), v.code]);
  }

  private ownerOf(code: string): Located | undefined {
    return this.index.question.get(code) ?? this.index.variable.get(code)?.owner;
  }

  private conditionsOf(owner: Located): Condition[] {
    const page = this.file.pages[owner.page]!;
    return [page.showIf, owner.question.showIf].filter((c): c is Condition => c !== undefined);
  }

  /** The variable a comparison reads, or the question whose `answered` it asks. */
  private atomOf(c: Comparison): { variable?: string; answered?: string } {
    const question = this.index.question.get(c.q);
    if (!question) return { variable: c.q };
    const op = comparisonOp(c);
    if (op === 'includes') return { variable: multiOptionVariable(c.q, c.includes!) };
    const own = this.variablesOf.get(c.q)?.includes(c.q);
    if (op === 'answered' && !own) return { answered: c.q };
    return { variable: c.q };
  }

  /**
   * Try every class of answers for the atoms of `targets`; returns, per target, whether it ever held,
   * or undefined when no claim can be made.
   */
  private explore(targets: Condition[], decide: (holds: (c: Condition) => boolean) => void): boolean {
    // closure: the atoms, and the conditions that decide whether their questions are shown
    const conditions = new Set<Condition>();
    const owners = new Set<Located>();
    // questions whose visibility rests on a faulty condition: taken as possibly shown, possibly not
    const free = new Set<Located>();
    const atoms = new Set<string>();
    const answered = new Set<string>();
    const constants = new Map<string, Array<number | string>>();
    const pending: Array<{ c: Condition; of?: Located }> = targets.map((c) => ({ c }));
    while (pending.length) {
      const { c, of } = pending.pop()!;
      if (conditions.has(c)) continue;
      const unclear = this.faulty.has(c) || comparisons(c).some((x) => this.unclear(x));
      if (unclear && !of) return false;
      if (unclear) {
        free.add(of!);
        continue;
      }
      conditions.add(c);
      for (const cmp of comparisons(c)) {
        const owner = this.ownerOf(cmp.q)!;
        const atom = this.atomOf(cmp);
        if (atom.answered) answered.add(atom.answered);
        if (atom.variable) {
          atoms.add(atom.variable);
          const op = comparisonOp(cmp);
          const values = op === 'in' ? cmp.in! : op === 'answered' || op === 'includes' ? [] : [cmp[op]!];
          constants.set(atom.variable, [...(constants.get(atom.variable) ?? []), ...values]);
        }
        if (!owners.has(owner)) {
          owners.add(owner);
          pending.push(...this.conditionsOf(owner).map((x) => ({ c: x, of: owner })));
        }
      }
    }
    // `answered` on a matrix, list, sum or multiple choice: one of its variables stands for all
    for (const code of answered) {
      const vars = this.variablesOf.get(code) ?? [];
      if (vars.length && !vars.some((v) => atoms.has(v))) atoms.add(vars[0]!);
    }
    const domains: Array<readonly Value[]> = [...atoms].map((code) => this.domain(code, constants.get(code) ?? []));
    const codes = [...atoms];
    const freeOwners = [...free];
    for (const _ of freeOwners) domains.push([1, 0]);
    const total = domains.reduce((n, d) => n * d.length, 1);
    if (total > MAX_COMBINATIONS) return false;

    const ordered = [...owners].sort((a, b) => a.page - b.page || a.block - b.block);
    const odometer = domains.map(() => 0);
    for (let n = 0; n < total; n++) {
      const values: Values = {};
      codes.forEach((code, k) => {
        const value = domains[k]![odometer[k]!]!;
        if (value !== null) values[code] = value;
      });
      // as route(): in page order, a hidden question's answers are dropped before later conditions read them
      for (const owner of ordered) {
        const f = freeOwners.indexOf(owner);
        const shown = f >= 0 ? domains[codes.length + f]![odometer[codes.length + f]!] === 1 : this.conditionsOf(owner).every((c) => evaluate(this.q, c, values));
        if (!shown) for (const v of this.variablesOf.get(owner.question.code) ?? []) delete values[v];
      }
      decide((c) => evaluate(this.q, c, values));
      for (let k = 0; k < odometer.length; k++) {
        odometer[k]! += 1;
        if (odometer[k]! < domains[k]!.length) break;
        odometer[k] = 0;
      }
    }
    return true;
  }

  /** A comparison on an unknown or twice-defined code: its meaning is not certain. */
  private unclear(c: Comparison): boolean {
    if (!this.ownerOf(c.q)) return true;
    const atom = this.atomOf(c);
    return [c.q, atom.variable].some((code) => code !== undefined && this.ambiguous.has(code.toLowerCase()));
  }

  /** One representative answer of every class the conditions tell apart, and "unanswered". */
  private domain(code: string, constants: Array<number | string>): Value[] {
    const located = this.index.variable.get(code);
    const variable = this.q.variables.find((v) => v.code === code);
    if (!located || !variable) return [null];
    const numbers = constants.filter((x): x is number => typeof x === 'number');
    if (variable.kind === 'text') {
      const strings = [...new Set(constants.filter((x): x is string => typeof x === 'string'))];
      return [null, ...strings, `${strings.join('')}~`];
    }
    const answers = moduleOf(this.index.resolved(located.owner)).answers(variable);
    if (answers && !('codes' in answers)) {
      return [null, ...numericRepresentatives(numbers, answers.lo, answers.hi, answers.integer), ...answers.missing];
    }
    if (variable.valueLabels.length === 0) return [null, ...numericRepresentatives(numbers, undefined, undefined, false)];
    return [null, ...variable.valueLabels.map((l) => l.value)];
  }

  private reason(c: Condition): string {
    const owners = [...new Set(comparisons(c).map((x) => this.ownerOf(x.q)?.question.code))];
    if (owners.length && owners.every((code) => code !== undefined && this.neverShown.has(code))) {
      return ` (ze hangt alleen af van ${owners.map((code) => quoted(code!)).join(', ')}, ${owners.length === 1 ? 'die' : 'die allemaal'} nooit ${owners.length === 1 ? 'wordt' : 'worden'} getoond)`;
    }
    return '';
  }

  page(page: Page, i: number): LintFault[] {
    const faults: LintFault[] = [];
    const name = `pagina ${quoted(this.file.pages[i]!.id)}`;
    const conditional = page.blocks.map((b, j) => ({ b, j })).filter(({ b }) => b.showIf);
    if (!page.showIf && conditional.length === 0) return faults;
    const questions = page.blocks.filter(isQuestion);
    let pageHolds = false;
    let anyQuestion = false;
    const blockHolds = new Map<number, boolean>();
    const targets = [...(page.showIf ? [page.showIf] : []), ...conditional.map(({ b }) => b.showIf!)];
    const analysed = this.explore(targets, (holds) => {
      if (page.showIf && !holds(page.showIf)) return;
      pageHolds = true;
      let questionShown = false;
      page.blocks.forEach((b, j) => {
        const shown = !b.showIf || holds(b.showIf);
        if (shown) blockHolds.set(j, true);
        if (shown && isQuestion(b)) questionShown = true;
      });
      if (questionShown) anyQuestion = true;
    });
    if (!analysed) return this.pageWithoutClaims(page, i, faults);
    if (page.showIf && !pageHolds) {
      faults.push(lintFault(`pages[${i}].showIf`, `${NEVER}${this.reason(page.showIf)}, dus ${name} wordt nooit getoond`));
      for (const q of questions) this.neverShown.add(q.code);
      return faults;
    }
    for (const { b, j } of conditional) {
      if (blockHolds.get(j)) continue;
      faults.push(lintFault(`pages[${i}].blocks[${j}].showIf`, `${NEVER}${this.reason(b.showIf!)}, dus ${blockName(b)} wordt nooit getoond`));
      if (isQuestion(b)) this.neverShown.add(b.code);
    }
    if (questions.length > 0 && !anyQuestion) {
      faults.push(lintFault(`pages[${i}]`, `${name} wordt nooit getoond: geen van haar vragen kan worden getoond`));
    }
    return faults;
  }

  /** The page could not be analysed as a whole: still try each block alone, so one bad condition hides little. */
  private pageWithoutClaims(page: Page, i: number, faults: LintFault[]): LintFault[] {
    if (page.showIf && !this.faulty.has(page.showIf)) {
      let holds = false;
      if (this.explore([page.showIf], (h) => (holds ||= h(page.showIf!))) && !holds) {
        faults.push(lintFault(`pages[${i}].showIf`, `${NEVER}${this.reason(page.showIf)}, dus pagina ${quoted(this.file.pages[i]!.id)} wordt nooit getoond`));
        for (const q of page.blocks.filter(isQuestion)) this.neverShown.add(q.code);
        return faults;
      }
    }
    page.blocks.forEach((b, j) => {
      if (!b.showIf) return;
      let holds = false;
      const targets = [...(page.showIf ? [page.showIf] : []), b.showIf];
      if (this.explore(targets, (h) => (holds ||= (!page.showIf || h(page.showIf)) && h(b.showIf!))) && !holds) {
        faults.push(lintFault(`pages[${i}].blocks[${j}].showIf`, `${NEVER}${this.reason(b.showIf)}, dus ${blockName(b)} wordt nooit getoond`));
        if (isQuestion(b)) this.neverShown.add(b.code);
      }
    });
    return faults;
  }
}

/**
 * Conditions that can never hold: unreachable pages and questions that are never shown. Conditions in
 * `faulty`, or on a code in `ambiguous` (defined twice, lower case), are left alone.
 */
export function neverHolds(file: QuestionnaireFile, index: FileIndex, faulty: Set<Condition>, ambiguous: Set<string>): LintFault[] {
  const analysis = new Analysis(file, index, faulty, ambiguous);
  return file.pages.flatMap((page, i) => analysis.page(page, i));
}
