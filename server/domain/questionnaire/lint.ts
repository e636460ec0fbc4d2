/**
 * Cross-reference checks beyond the zod schema, in the spirit of LimeSurvey's survey logic check:
 * every code unique (including the variable codes a question generates), options that make sense
 * for their question, conditions that refer to earlier questions with comparisons their answers can
 * satisfy, aspects over Likert statements, background variables that can be grouped on, constant
 * sums that can add up, and pages that can be reached (reachability.ts, which also documents the
 * limits of that check). Each fault names the JSON path of the offending element, e.g.
 * `pages[2].blocks[1].showIf`.
 */
import type {
  Condition,
  ConstantSumQuestion,
  LikertQuestion,
  MultiQuestion,
  NumberQuestion,
  Option,
  Question,
  QuestionType,
  QuestionnaireFile,
} from './schema.js';
import { isQuestion } from './schema.js';
import { moduleOf } from './types/index.js';
import { multiOptionVariable } from './types/multi.js';
import type { Variable } from './variables.js';
import { comparisonOp, neverHolds, type Comparison, type ComparisonOp } from './reachability.js';

export interface LintFault {
  path: string;
  message: string;
}

const typeNames: Record<QuestionType, string> = {
  likert: 'Likert matrix',
  single: 'single-choice question',
  multi: 'multiple-choice question',
  open: 'open question',
  list: 'list question',
  number: 'number question',
  constantSum: 'constant-sum question',
  email: 'e-mail question',
  yesno: 'yes/no question',
};

/** "a single-choice question", "an open question". */
function aTypeName(type: QuestionType): string {
  const name = typeNames[type];
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

/** A question and where it stands. */
export interface Located {
  question: Question;
  page: number;
  block: number;
  /** `pages[i].blocks[j]` */
  path: string;
}

/** A generated variable, the question that owns it and the element it comes from. */
export interface LocatedVariable {
  variable: Variable;
  owner: Located;
  path: string;
  what: string;
}

/** Lookups over a file that passed the schema; the first definition of a code wins. */
export interface FileIndex {
  questions: Located[];
  question: Map<string, Located>;
  variables: LocatedVariable[];
  variable: Map<string, LocatedVariable>;
  /** A file's Likert scale with named answer scales resolved (unknown names give no options). */
  scaleOf(q: LikertQuestion): Option[];
}

/** Where a generated variable comes from, so a collision points at the element that makes it. */
function variableOrigin(q: Question, base: string, code: string, taken: Set<string>): { path: string; what: string } {
  // two elements can make the same code: the second occurrence gets the second element
  const free = (k: number, path: (k: number) => string) => k >= 0 && !taken.has(path(k));
  if (q.type === 'likert') {
    const path = (k: number) => `${base}.statements[${k}].code`;
    const k = q.statements.findIndex((s, i) => s.code === code && free(i, path));
    if (k >= 0) return { path: path(k), what: `a statement of Likert matrix ${q.code}` };
  }
  if (q.type === 'constantSum') {
    const path = (k: number) => `${base}.items[${k}].code`;
    const k = q.items.findIndex((item, i) => item.code === code && free(i, path));
    if (k >= 0) return { path: path(k), what: `an item of constant-sum question ${q.code}` };
  }
  if (q.type === 'multi') {
    const path = (k: number) => `${base}.options[${k}].value`;
    const k = q.options.findIndex((o, i) => multiOptionVariable(q.code, o.value) === code && free(i, path));
    if (k >= 0) return { path: path(k), what: `the variable for option ${q.options[k]!.value} of ${q.code}` };
  }
  if (q.type === 'single' || q.type === 'multi') {
    const k = q.options.findIndex((o) => o.other);
    if (k >= 0 && code === `${q.code}_other`) return { path: `${base}.options[${k}].other`, what: `the "other" text of ${q.code}` };
  }
  if (q.type === 'list') {
    const entry = /_(\d+)$/.exec(code)?.[1];
    return { path: `${base}.maxEntries`, what: `the variable for entry ${entry ?? '?'} of list question ${q.code}` };
  }
  return { path: `${base}.code`, what: code === q.code ? `question ${q.code}` : `a variable of ${q.code}` };
}

/** Index a file: questions in page order and every variable they generate. */
export function indexFile(file: QuestionnaireFile): FileIndex {
  const scaleOf = (q: LikertQuestion): Option[] => (typeof q.scale === 'string' ? (file.answerScales[q.scale] ?? []) : q.scale);
  const questions: Located[] = [];
  file.pages.forEach((page, i) =>
    page.blocks.forEach((block, j) => {
      if (isQuestion(block)) questions.push({ question: block, page: i, block: j, path: `pages[${i}].blocks[${j}]` });
    }),
  );
  const variables = questions.flatMap((owner) => {
    const q = owner.question;
    const resolved = (q.type === 'likert' ? { ...q, scale: scaleOf(q) } : q) as Question;
    const taken = new Set<string>();
    return moduleOf(resolved)
      .variables(resolved as never)
      .map((variable) => {
        const origin = variableOrigin(q, owner.path, variable.code, taken);
        taken.add(origin.path);
        return { variable, owner, ...origin };
      });
  });
  const question = new Map<string, Located>();
  for (const q of questions) if (!question.has(q.question.code)) question.set(q.question.code, q);
  const variable = new Map<string, LocatedVariable>();
  for (const v of variables) if (!variable.has(v.variable.code)) variable.set(v.variable.code, v);
  return { questions, question, variables, variable, scaleOf };
}

function list(values: Array<number | string>): string {
  return [...new Set(values)].map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ');
}

function range(lo: number | undefined, hi: number | undefined): string {
  if (lo !== undefined && hi !== undefined) return `${lo} to ${hi}`;
  if (lo !== undefined) return `at least ${lo}`;
  if (hi !== undefined) return `at most ${hi}`;
  return 'any number';
}

class Linter {
  readonly faults: LintFault[] = [];
  readonly index: FileIndex;
  /** Conditions with a fault of their own: the reachability check makes no further claim about them. */
  readonly faultyConditions = new Set<Condition>();
  /** Codes defined twice (lower case): conditions on them mean nothing certain. */
  readonly duplicateCodes = new Set<string>();

  constructor(readonly file: QuestionnaireFile) {
    this.index = indexFile(file);
  }

  fault(path: string, message: string): void {
    this.faults.push({ path, message });
  }

  run(): LintFault[] {
    for (const [name, options] of Object.entries(this.file.answerScales)) this.options(options, `answerScales.${name}`, 'scale');
    this.codes();
    this.file.pages.forEach((page, i) => {
      if (page.showIf) this.condition(page.showIf, `pages[${i}].showIf`, { page: i });
      page.blocks.forEach((block, j) => {
        const path = `pages[${i}].blocks[${j}]`;
        if (isQuestion(block)) this.question(block, path);
        if (block.showIf) this.condition(block.showIf, `${path}.showIf`, { page: i, block: j });
      });
    });
    this.aspects();
    this.background();
    for (const f of neverHolds(this.file, this.index, this.faultyConditions, this.duplicateCodes)) this.fault(f.path, f.message);
    return sortFaults(this.faults);
  }

  /** One namespace for question codes, text block ids and generated variable codes (case-insensitive, as in SPSS). */
  codes(): void {
    const seen = new Map<string, { code: string; path: string; what: string }>();
    const define = (code: string, path: string, what: string) => {
      const prior = seen.get(code.toLowerCase());
      if (!prior) {
        seen.set(code.toLowerCase(), { code, path, what });
        return;
      }
      this.duplicateCodes.add(code.toLowerCase());
      if (prior.code === code) this.fault(path, `duplicate code "${code}" (${what}): also ${prior.what} at ${prior.path}`);
      else this.fault(path, `code "${code}" (${what}) differs only in case from "${prior.code}" (${prior.what} at ${prior.path}); exports cannot tell them apart`);
    };
    const variablesOf = new Map<Located, LocatedVariable[]>();
    for (const v of this.index.variables) variablesOf.set(v.owner, [...(variablesOf.get(v.owner) ?? []), v]);
    const pageIds = new Map<string, number>();
    this.file.pages.forEach((page, i) => {
      const other = pageIds.get(page.id);
      if (other !== undefined) this.fault(`pages[${i}].id`, `duplicate page id "${page.id}": also pages[${other}].id`);
      else pageIds.set(page.id, i);
      page.blocks.forEach((block, j) => {
        const path = `pages[${i}].blocks[${j}]`;
        if (!isQuestion(block)) {
          if (block.id) define(block.id, `${path}.id`, 'a text block');
          return;
        }
        define(block.code, `${path}.code`, `question ${block.code}`);
        const located = this.index.questions.find((q) => q.question === block)!;
        for (const v of variablesOf.get(located) ?? []) {
          // a single-valued question's variable carries the question's own code
          if (v.variable.code === block.code && v.path === `${path}.code`) continue;
          define(v.variable.code, v.path, v.what);
        }
      });
    });
  }

  question(q: Question, path: string): void {
    switch (q.type) {
      case 'single':
        this.options(q.options, `${path}.options`, 'single');
        break;
      case 'multi':
        this.multi(q, path);
        break;
      case 'likert':
        this.likert(q, path);
        break;
      case 'number':
        this.number(q, path);
        break;
      case 'constantSum':
        this.constantSum(q, path);
        break;
      case 'list':
        if (q.minEntries > q.maxEntries) this.fault(`${path}.minEntries`, `minEntries ${q.minEntries} is more than maxEntries ${q.maxEntries}`);
        break;
      case 'open':
      case 'email':
      case 'yesno':
        break;
    }
  }

  /** Option lists: unique values, and flags that mean something for this kind of list. */
  options(options: Option[], path: string, kind: 'single' | 'multi' | 'scale' | 'missing' | 'dontKnow'): void {
    const values = new Map<number, number>();
    let other: number | undefined;
    options.forEach((o, k) => {
      const at = kind === 'dontKnow' ? path : `${path}[${k}]`;
      const prior = values.get(o.value);
      if (prior !== undefined) this.fault(`${at}.value`, `option value ${o.value} is used twice (also ${path}[${prior}])`);
      else values.set(o.value, k);
      if (o.other) {
        if (kind !== 'single' && kind !== 'multi') this.fault(`${at}.other`, 'only a single- or multiple-choice option can ask for an "other" text');
        else if (other !== undefined) this.fault(`${at}.other`, `only one option can ask for an "other" text; ${path}[${other}] already does`);
        else other = k;
      }
      if (o.otherLabel !== undefined && !o.other) this.fault(`${at}.otherLabel`, 'otherLabel has no effect without "other": true');
      if (o.exclusive && kind !== 'multi') this.fault(`${at}.exclusive`, 'only a multiple-choice option can be exclusive');
      if (o.missing && kind === 'multi') {
        this.fault(`${at}.missing`, 'a multiple-choice option cannot be a declared missing value: each option is stored as chosen (1) or not (0); make it exclusive instead');
      }
    });
  }

  multi(q: MultiQuestion, path: string): void {
    this.options(q.options, `${path}.options`, 'multi');
    const n = q.options.length;
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) this.fault(`${path}.min`, `min ${q.min} is greater than max ${q.max}`);
    if (q.min !== undefined && q.min > n) this.fault(`${path}.min`, `min ${q.min} is more than the ${n} options`);
    if (q.max !== undefined && q.max > n) this.fault(`${path}.max`, `max ${q.max} is more than the ${n} options`);
    const exclusive = q.options.findIndex((o) => o.exclusive);
    if (exclusive >= 0 && q.min !== undefined && q.min > 1) {
      this.fault(`${path}.min`, `with min ${q.min} the exclusive option ${q.options[exclusive]!.value} (options[${exclusive}]) can never be chosen`);
    }
  }

  likert(q: LikertQuestion, path: string): void {
    let scale: Option[];
    let scaleName: string;
    if (typeof q.scale === 'string') {
      const named = this.file.answerScales[q.scale];
      if (!named) {
        const known = Object.keys(this.file.answerScales);
        this.fault(`${path}.scale`, `unknown answer scale "${q.scale}"${known.length ? ` (answerScales has: ${list(known)})` : '; answerScales is empty'}`);
        return;
      }
      scale = named;
      scaleName = `answerScales.${q.scale}`;
    } else {
      this.options(q.scale, `${path}.scale`, 'scale');
      scale = q.scale;
      scaleName = `${path}.scale`;
    }
    this.options(q.missing, `${path}.missing`, 'missing');
    q.missing.forEach((m, k) => {
      const same = scale.findIndex((o) => o.value === m.value);
      if (same >= 0) this.fault(`${path}.missing[${k}].value`, `missing value ${m.value} is also a scale value (${scaleName}[${same}])`);
    });
    const points = scale.filter((o) => !o.missing).map((o) => o.value);
    if (points.length < 2) {
      this.fault(`${path}.scale`, 'a Likert scale needs at least two points that are not missing values');
      return;
    }
    const lo = Math.min(...points);
    const hi = Math.max(...points);
    const asymmetric = points.find((v) => !points.includes(lo + hi - v));
    q.statements.forEach((s, k) => {
      if (s.reverse && asymmetric !== undefined) {
        this.fault(
          `${path}.statements[${k}].reverse`,
          `cannot reverse on scale ${list(points)}: ${lo} + ${hi} − ${asymmetric} = ${lo + hi - asymmetric} is not a scale point`,
        );
      }
    });
  }

  number(q: NumberQuestion, path: string): void {
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) this.fault(`${path}.min`, `min ${q.min} is greater than max ${q.max}`);
    if (q.dontKnow) {
      this.options([q.dontKnow], `${path}.dontKnow`, 'dontKnow');
      const v = q.dontKnow.value;
      if ((q.min === undefined || v >= q.min) && (q.max === undefined || v <= q.max)) {
        this.fault(`${path}.dontKnow.value`, `the "don't know" code ${v} lies inside the answer range (${range(q.min, q.max)}), so it could be a real answer`);
      }
    }
  }

  constantSum(q: ConstantSumQuestion, path: string): void {
    if (q.integer && !Number.isInteger(q.total)) {
      this.fault(`${path}.total`, `whole-number items can never add up to ${q.total}`);
    }
  }

  /** Check a condition at `path`; `at` is where it stands (a page, or a block on a page). */
  condition(c: Condition, path: string, at: { page: number; block?: number }): number {
    let faults = 0;
    if ('all' in c) c.all.forEach((x, k) => (faults += this.condition(x, `${path}.all[${k}]`, at)));
    else if ('any' in c) c.any.forEach((x, k) => (faults += this.condition(x, `${path}.any[${k}]`, at)));
    else if ('not' in c) faults += this.condition(c.not, `${path}.not`, at);
    else faults += this.comparison(c, path, at);
    if (faults > 0) this.faultyConditions.add(c);
    return faults;
  }

  comparison(c: Comparison, path: string, at: { page: number; block?: number }): number {
    const before = this.faults.length;
    const question = this.index.question.get(c.q);
    const variable = this.index.variable.get(c.q);
    const owner = question ?? variable?.owner;
    if (!owner) {
      this.fault(path, `refers to "${c.q}", which does not exist`);
      return 1;
    }
    const where = `${owner.path} on page "${this.file.pages[owner.page]!.id}"`;
    if (owner.page > at.page) this.fault(path, `refers to ${c.q}, which comes later (${where}); a condition can only use earlier answers`);
    else if (owner.page === at.page && at.block === undefined) {
      this.fault(path, `refers to ${c.q}, which is on this page; a page can only depend on earlier pages`);
    } else if (owner.page === at.page && at.block !== undefined && owner.block === at.block) this.fault(path, `refers to its own question ${c.q}`);
    else if (owner.page === at.page && at.block !== undefined && owner.block > at.block) {
      this.fault(path, `refers to ${c.q}, which comes after it on the same page (${owner.path})`);
    }

    const op = comparisonOp(c);
    const q = owner.question;
    if (op === 'answered') return this.faults.length - before;
    if (question && q.type === 'multi') {
      if (op !== 'includes') this.fault(path, `uses "${op}" on multiple-choice question ${q.code}; use "includes" (or a 0/1 variable such as ${multiOptionVariable(q.code, q.options[0]!.value)})`);
      else if (!q.options.some((o) => o.value === c.includes)) this.fault(`${path}.includes`, `${q.code} has no option ${c.includes} (options: ${list(q.options.map((o) => o.value))})`);
      return this.faults.length - before;
    }
    if (op === 'includes') {
      this.fault(path, `"includes" only applies to a multiple-choice question; ${c.q} is ${question ? aTypeName(q.type) : `${variable!.what}`}`);
      return this.faults.length - before;
    }
    if (question && (q.type === 'likert' || q.type === 'constantSum' || q.type === 'list')) {
      const parts = q.type === 'likert' ? 'statements' : q.type === 'constantSum' ? 'items' : 'entries';
      const first = this.index.variables.find((v) => v.owner === owner)?.variable.code;
      this.fault(path, `${q.code} is ${aTypeName(q.type)}, which has no single answer to compare; refer to one of its ${parts} (e.g. ${first}) or use "answered"`);
      return this.faults.length - before;
    }
    this.values(c, op, path, variable ?? this.index.variable.get(q.code)!);
    return this.faults.length - before;
  }

  /** Compared values must be answers the variable can hold. */
  values(c: Comparison, op: ComparisonOp, path: string, target: LocatedVariable): void {
    const { variable: v, owner } = target;
    const q = owner.question;
    const name = v.code === q.code ? `${typeNames[q.type]} ${q.code}` : `${v.code} (${target.what})`;
    // an unknown answer scale is reported at the matrix; its statements have no options to compare with
    if (q.type === 'likert' && this.index.scaleOf(q).length === 0) return;
    const compared: Array<readonly [number | string, string]> =
      op === 'in' ? c.in!.map((x, k) => [x, `${path}.in[${k}]`] as const) : [[c[op] as number | string, `${path}.${op}`] as const];
    const numeric = op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte';
    if (v.kind === 'text') {
      if (numeric) this.fault(`${path}.${op}`, `a numeric comparison on ${name}, whose answers are text`);
      else for (const [x, at] of compared) if (typeof x === 'number') this.fault(at, `compares ${name}, whose answers are text, with the number ${x}`);
      return;
    }
    // the answers a variable can hold: option codes, or a range of numbers
    let codes: number[] | undefined;
    let lo: number | undefined;
    let hi: number | undefined;
    let integer = false;
    let missing: number[] = v.missingValues;
    if (q.type === 'number') {
      [lo, hi, integer] = [q.min, q.max, q.integer];
      missing = q.dontKnow ? [q.dontKnow.value] : [];
    } else if (q.type === 'constantSum') [lo, hi, integer] = [0, q.total, q.integer];
    else codes = v.valueLabels.map((l) => l.value);
    const possible = (x: number) =>
      codes ? codes.includes(x) : missing.includes(x) || ((lo === undefined || x >= lo) && (hi === undefined || x <= hi) && (!integer || Number.isInteger(x)));
    const answers = codes ? `(options: ${list(codes)})` : `(answers: ${integer ? 'whole numbers, ' : ''}${range(lo, hi)}${missing.length ? `, or ${list(missing)}` : ''})`;

    if (op === 'equals' || op === 'notEquals' || op === 'in') {
      for (const [x, at] of compared) {
        if (typeof x === 'string') this.fault(at, `compares ${name}, whose answers are numbers, with the text ${JSON.stringify(x)}`);
        else if (!possible(x)) this.fault(at, codes ? `${x} is not an option of ${name} ${answers}` : `${x} is not a possible answer to ${name} ${answers}`);
      }
      return;
    }
    // a numeric comparison: some substantive answer must satisfy it (declared missing codes never do)
    const bound = c[op] as number;
    const test = (x: number) => (op === 'gt' ? x > bound : op === 'gte' ? x >= bound : op === 'lt' ? x < bound : x <= bound);
    const words = { gt: 'greater than', gte: 'at least', lt: 'less than', lte: 'at most' }[op as 'gt' | 'gte' | 'lt' | 'lte'];
    let satisfiable: boolean;
    if (codes) satisfiable = codes.some((x) => !missing.includes(x) && test(x));
    else if (op === 'gt' || op === 'gte') satisfiable = hi === undefined || (op === 'gt' ? hi > bound : hi >= bound);
    else satisfiable = lo === undefined || (op === 'lt' ? lo < bound : lo <= bound);
    if (!satisfiable) this.fault(`${path}.${op}`, `no answer to ${name} can be ${words} ${bound} ${answers}`);
  }

  aspects(): void {
    const ids = new Map<string, number>();
    const placed = new Map<string, { aspect: number; item: number }>();
    this.file.aspects.forEach((aspect, a) => {
      const base = `aspects[${a}]`;
      const prior = ids.get(aspect.id);
      if (prior !== undefined) this.fault(`${base}.id`, `duplicate aspect id "${aspect.id}": also aspects[${prior}].id`);
      else ids.set(aspect.id, a);
      let reference: { code: string; item: number; points: number[] } | undefined;
      aspect.items.forEach((code, k) => {
        const at = `${base}.items[${k}]`;
        const target = this.index.variables.find((v) => v.variable.code === code && v.owner.question.type === 'likert') ?? this.index.variable.get(code);
        const question = this.index.question.get(code);
        if (!target || target.owner.question.type !== 'likert') {
          if (question?.question.type === 'likert') this.fault(at, `"${code}" is a Likert matrix; list its statements (${question.question.statements.map((s) => s.code).join(', ')}) instead`);
          else if (question) this.fault(at, `"${code}" is ${aTypeName(question.question.type)}, not a Likert statement`);
          else if (target) this.fault(at, `"${code}" is ${target.what}, not a Likert statement`);
          else this.fault(at, `refers to "${code}", which does not exist`);
          return;
        }
        const other = placed.get(code);
        if (other?.aspect === a) this.fault(at, `"${code}" is listed twice in this aspect (also items[${other.item}])`);
        else if (other) this.fault(at, `"${code}" is already in aspect "${this.file.aspects[other.aspect]!.id}" (aspects[${other.aspect}].items[${other.item}])`);
        else placed.set(code, { aspect: a, item: k });
        const likert = target.owner.question as LikertQuestion;
        const points = this.index
          .scaleOf(likert)
          .filter((o) => !o.missing)
          .map((o) => o.value)
          .sort((x, y) => x - y);
        if (!reference) reference = { code, item: k, points };
        else if (points.join() !== reference.points.join()) {
          this.fault(at, `"${code}" is answered on a different scale (${list(points)}) than "${reference.code}" (${list(reference.points)}, items[${reference.item}]); an aspect score averages its items`);
        }
      });
      if (aspect.minAnswered !== undefined && aspect.minAnswered > aspect.items.length) {
        this.fault(`${base}.minAnswered`, `minAnswered ${aspect.minAnswered} is more than the ${aspect.items.length} items of this aspect`);
      }
    });
  }

  background(): void {
    const ids = new Map<string, number>();
    this.file.background.forEach((bg, b) => {
      const base = `background[${b}]`;
      const prior = ids.get(bg.id);
      if (prior !== undefined) this.fault(`${base}.id`, `duplicate background variable id "${bg.id}": also background[${prior}].id`);
      else ids.set(bg.id, b);
      const located = this.index.question.get(bg.question);
      const needed = 'a background variable needs a single-choice, yes/no or number question';
      if (!located) {
        const variable = this.index.variable.get(bg.question);
        this.fault(`${base}.question`, variable ? `"${bg.question}" is ${variable.what}, not a question; ${needed}` : `refers to "${bg.question}", which does not exist`);
        return;
      }
      const q = located.question;
      if (q.type !== 'single' && q.type !== 'yesno' && q.type !== 'number') {
        this.fault(`${base}.question`, `${q.code} is ${aTypeName(q.type)}; ${needed}`);
        return;
      }
      if (q.contact) this.fault(`${base}.question`, `${q.code} is a contact question, stored apart from the responses; it cannot group them`);
      if (bg.bands) this.bands(bg.bands, base, q);
    });
  }

  bands(bands: NonNullable<QuestionnaireFile['background'][number]['bands']>, base: string, q: Question): void {
    if (q.type === 'yesno') {
      this.fault(`${base}.bands`, `${q.code} is a yes/no question; there is nothing to group into bands`);
      return;
    }
    const lo = (x: { min?: number }) => x.min ?? -Infinity;
    const hi = (x: { max?: number }) => x.max ?? Infinity;
    const labels = new Map<string, number>();
    bands.forEach((band, n) => {
      if (band.min !== undefined && band.max !== undefined && band.min > band.max) this.fault(`${base}.bands[${n}]`, `min ${band.min} is greater than max ${band.max}`);
      const same = labels.get(band.label);
      if (same !== undefined) this.fault(`${base}.bands[${n}].label`, `duplicate band label "${band.label}": also bands[${same}]`);
      else labels.set(band.label, n);
      for (let m = 0; m < n; m++) {
        const other = bands[m]!;
        if (Math.max(lo(band), lo(other)) <= Math.min(hi(band), hi(other))) {
          this.fault(`${base}.bands[${n}]`, `overlaps band "${other.label}" (bands[${m}]): an answer must fall in one band only`);
          break;
        }
      }
    });
    if (q.type !== 'single') return;
    const substantive = q.options.filter((o) => !o.missing);
    if (!substantive.some((o) => o.meaning !== undefined)) {
      this.fault(`${base}.bands`, `the options of ${q.code} have no "meaning", so there is nothing to group into bands (bands apply to meanings, never to option codes)`);
      return;
    }
    for (const o of substantive) {
      const k = q.options.indexOf(o);
      if (o.meaning === undefined) this.fault(`${base}.bands`, `option ${o.value} ("${o.label}", options[${k}]) of ${q.code} has no "meaning", so it falls in no band`);
      else if (!bands.some((band) => o.meaning! >= lo(band) && o.meaning! <= hi(band))) {
        this.fault(`${base}.bands`, `option ${o.value} ("${o.label}", meaning ${o.meaning}) of ${q.code} falls in no band`);
      }
    }
  }
}

const sections = ['answerScales', 'pages', 'aspects', 'background'];

/** Document order: top-level fields, answer scales, pages, aspects, background; stable within an element. */
function sortFaults(faults: LintFault[]): LintFault[] {
  const key = (path: string): number[] => {
    const section = sections.indexOf(path.split(/[.[]/)[0] ?? '');
    const numbers = [...path.matchAll(/\[(\d+)\]/g)].slice(0, 2).map((m) => Number(m[1]));
    return [section, ...numbers];
  };
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = (a[i] ?? -1) - (b[i] ?? -1);
      if (d !== 0) return d;
    }
    return 0;
  };
  return faults
    .map((f, i) => ({ f, i, k: key(f.path) }))
    .sort((x, y) => compare(x.k, y.k) || x.i - y.i)
    .map((x) => x.f);
}

/** Cross-reference checks on a file that passed the schema; an empty list means the file is sound. */
export function lint(file: QuestionnaireFile): LintFault[] {
  return new Linter(file).run();
}
