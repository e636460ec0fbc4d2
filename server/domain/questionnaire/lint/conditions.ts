/**
 * Checks of showIf conditions: they refer to earlier questions that exist, with an operator the
 * question's type allows, comparing with answers its variable can hold.
 */
import type { Condition, QuestionnaireFile } from '../schema.js';
import { comparisonOp, type Comparison, type ComparisonOp } from '../reachability.js';
import { moduleOf } from '../types/index.js';
import type { FileIndex, LocatedVariable } from './model.js';
import { listOf, quoted, rangeOf, unknownCode } from './model.js';
import { aTypeName, questionName } from './names.js';

/** Where the checks report to. */
export interface ConditionChecks {
  readonly file: QuestionnaireFile;
  readonly index: FileIndex;
  /** Conditions with a fault of their own: the reachability check makes no further claim about them. */
  readonly faultyConditions: Set<Condition>;
  fault(path: string, message: string): void;
}

/** Check a condition at `path`; `at` is where it stands (a page, or a block on a page). Returns its number of faults. */
export function checkCondition(ctx: ConditionChecks, c: Condition, path: string, at: { page: number; block?: number }): number {
  let faults = 0;
  if ('all' in c) c.all.forEach((x, k) => (faults += checkCondition(ctx, x, `${path}.all[${k}]`, at)));
  else if ('any' in c) c.any.forEach((x, k) => (faults += checkCondition(ctx, x, `${path}.any[${k}]`, at)));
  else if ('not' in c) faults += checkCondition(ctx, c.not, `${path}.not`, at);
  else faults += comparison(ctx, c, path, at);
  if (faults > 0) ctx.faultyConditions.add(c);
  return faults;
}

function comparison(ctx: ConditionChecks, c: Comparison, path: string, at: { page: number; block?: number }): number {
  let faults = 0;
  const fault = (where: string, message: string) => {
    faults += 1;
    ctx.fault(where, message);
  };
  const question = ctx.index.question.get(c.q);
  const variable = ctx.index.variable.get(c.q);
  const owner = question ?? variable?.owner;
  if (!owner) {
    fault(path, unknownCode(c.q));
    return faults;
  }
  const where = `${owner.path} op pagina ${quoted(ctx.file.pages[owner.page]!.id)}`;
  const target = quoted(c.q);
  if (owner.page > at.page) fault(path, `verwijst naar ${target}, die later komt (${where}); een voorwaarde kan alleen eerdere antwoorden gebruiken`);
  else if (owner.page === at.page && at.block === undefined) {
    fault(path, `verwijst naar ${target}, die op deze pagina zelf staat; een pagina kan alleen afhangen van eerdere pagina's`);
  } else if (owner.page === at.page && at.block !== undefined && owner.block === at.block) fault(path, `verwijst naar de eigen vraag ${target}`);
  else if (owner.page === at.page && at.block !== undefined && owner.block > at.block) {
    fault(path, `verwijst naar ${target}, die verderop op dezelfde pagina staat (${owner.path})`);
  }

  const op = comparisonOp(c);
  const q = owner.question;
  if (op === 'answered') return faults;
  const use = question ? moduleOf(q).conditionUse() : ({ kind: 'value' } as const);
  if (use.kind === 'includes') {
    const first = ctx.index.variables.find((v) => v.owner === owner)?.variable.code;
    if (op !== 'includes') fault(path, `gebruikt ${quoted(op)} bij ${questionName(q)}; gebruik "includes" (of een 0/1-variabele zoals ${quoted(first ?? '')})`);
    else if (!use.options.includes(c.includes!)) fault(`${path}.includes`, `${quoted(q.code)} heeft geen antwoordoptie ${c.includes} (antwoordopties: ${listOf(use.options)})`);
    return faults;
  }
  if (op === 'includes') {
    fault(path, `"includes" kan alleen bij een meerkeuzevraag; ${target} is ${question ? aTypeName(q) : variable!.what}`);
    return faults;
  }
  if (use.kind === 'parts') {
    const first = ctx.index.variables.find((v) => v.owner === owner)?.variable.code;
    fault(path, `${quoted(q.code)} is ${aTypeName(q)} en heeft geen los antwoord om mee te vergelijken; verwijs naar een van de ${use.parts} (bijvoorbeeld ${quoted(first ?? '')}) of gebruik "answered"`);
    return faults;
  }
  values(ctx, c, op, path, variable ?? ctx.index.variable.get(q.code)!, fault);
  return faults;
}

/** Compared values must be answers the variable can hold. */
function values(ctx: ConditionChecks, c: Comparison, op: ComparisonOp, path: string, target: LocatedVariable, fault: (path: string, message: string) => void): void {
  const { variable: v, owner } = target;
  const q = owner.question;
  const name = v.code === q.code ? questionName(q) : `${quoted(v.code)} (${target.what})`;
  const compared: Array<readonly [number | string, string]> =
    op === 'in' ? c.in!.map((x, k) => [x, `${path}.in[${k}]`] as const) : [[c[op] as number | string, `${path}.${op}`] as const];
  const numeric = op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte';
  if (v.kind === 'text') {
    if (numeric) fault(`${path}.${op}`, `${quoted(op)} vergelijkt getallen, maar de antwoorden op ${name} zijn tekst`);
    else for (const [x, at] of compared) if (typeof x === 'number') fault(at, `vergelijkt ${name} met het getal ${x}, maar de antwoorden zijn tekst`);
    return;
  }
  const answers = moduleOf(ctx.index.resolved(owner)).answers(v);
  if (!answers) return;
  // the answers a variable can hold: option codes, or a range of numbers
  const codes = 'codes' in answers ? answers.codes : undefined;
  const { missing } = answers;
  const [lo, hi, integer] = 'codes' in answers ? [undefined, undefined, false] : [answers.lo, answers.hi, answers.integer];
  const possible = (x: number) =>
    codes ? codes.includes(x) : missing.includes(x) || ((lo === undefined || x >= lo) && (hi === undefined || x <= hi) && (!integer || Number.isInteger(x)));
  const described = codes ? `(antwoordopties: ${listOf(codes)})` : `(antwoorden: ${integer ? 'hele getallen, ' : ''}${rangeOf(lo, hi)}${missing.length ? `, of ${listOf(missing)}` : ''})`;

  if (op === 'equals' || op === 'notEquals' || op === 'in') {
    for (const [x, at] of compared) {
      if (typeof x === 'string') fault(at, `vergelijkt ${name} met de tekst ${quoted(x)}, maar de antwoorden zijn getallen`);
      else if (!possible(x)) fault(at, codes ? `${x} is geen antwoordoptie van ${name} ${described}` : `${x} is geen mogelijk antwoord op ${name} ${described}`);
    }
    return;
  }
  // a numeric comparison: some substantive answer must satisfy it (declared missing codes never do)
  const bound = c[op] as number;
  const test = (x: number) => (op === 'gt' ? x > bound : op === 'gte' ? x >= bound : op === 'lt' ? x < bound : x <= bound);
  const words = { gt: 'groter dan', gte: 'groter dan of gelijk aan', lt: 'kleiner dan', lte: 'kleiner dan of gelijk aan' }[op as 'gt' | 'gte' | 'lt' | 'lte'];
  let satisfiable: boolean;
  if (codes) satisfiable = codes.some((x) => !missing.includes(x) && test(x));
  else if (op === 'gt' || op === 'gte') satisfiable = hi === undefined || (op === 'gt' ? hi > bound : hi >= bound);
  else satisfiable = lo === undefined || (op === 'lt' ? lo < bound : lo <= bound);
  if (!satisfiable) fault(`${path}.${op}`, `geen enkel antwoord op ${name} kan ${words} ${bound} zijn ${described}`);
}
