/**
 * Cross-reference checks beyond the zod schema, in the spirit of LimeSurvey's survey logic check:
 * every code unique (including the variable codes a question generates), options that make sense
 * for their question (each type's own rules: types/<type>/index.ts), conditions that refer to earlier
 * questions with comparisons their answers can satisfy (lint/conditions.ts), aspects over Likert
 * statements and background variables that can be grouped on (lint/groups.ts), the completion rule
 * and repeat settings (lint/settings.ts), and pages that can be
 * reached (reachability.ts, which also documents the limits of that check). Each fault names the JSON
 * path of the offending element, e.g. `pages[2].blocks[1].showIf`.
 */
import { checkCondition } from './lint/conditions.js';
import { indexFile } from './lint/fileIndex.js';
import { checkAspects, checkBackground } from './lint/groups.js';
import type { FileIndex, LintContext, LintFault, LocatedVariable } from './lint/model.js';
import { checkMailTexts } from './lint/mailTexts.js';
import { checkOptions } from './lint/options.js';
import { checkCompletion, checkRepeat } from './lint/settings.js';
import { neverHolds } from './reachability.js';
import type { Condition, QuestionnaireFile } from './schema.js';
import { isQuestion } from './schema.js';
import { moduleOf } from './types/index.js';

export type { LintFault } from './lint/model.js';

class Linter {
  readonly faults: LintFault[] = [];
  readonly index: FileIndex;
  /** Conditions with a fault of their own: the reachability check makes no further claim about them. */
  readonly faultyConditions = new Set<Condition>();
  /** Codes defined twice (lower case): conditions on them mean nothing certain. */
  readonly duplicateCodes = new Set<string>();
  private readonly context: LintContext;

  constructor(readonly file: QuestionnaireFile) {
    this.index = indexFile(file);
    const fault = (path: string, message: string) => this.fault(path, message);
    this.context = { file, fault, options: (options, path, kind) => checkOptions(options, path, kind, fault) };
  }

  fault(path: string, message: string): void {
    this.faults.push({ path, message });
  }

  run(): LintFault[] {
    for (const [name, options] of Object.entries(this.file.answerScales)) this.context.options(options, `answerScales.${name}`, 'scale');
    this.codes();
    this.file.pages.forEach((page, i) => {
      if (page.showIf) checkCondition(this, page.showIf, `pages[${i}].showIf`, { page: i });
      page.blocks.forEach((block, j) => {
        const path = `pages[${i}].blocks[${j}]`;
        if (isQuestion(block)) moduleOf(block).lint(path, this.context);
        if (block.showIf) checkCondition(this, block.showIf, `${path}.showIf`, { page: i, block: j });
      });
    });
    const fault = (path: string, message: string) => this.fault(path, message);
    checkAspects(this.file, this.index, fault);
    checkBackground(this.file, this.index, fault);
    checkCompletion(this.file, this.index, fault);
    checkRepeat(this.file, this.index, fault);
    for (const f of neverHolds(this.file, this.index, this.faultyConditions, this.duplicateCodes)) this.fault(f.path, f.message);
    if (this.file.mailTexts) checkMailTexts(this.file.mailTexts, fault);
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
    const variablesOf = new Map<string, LocatedVariable[]>();
    for (const v of this.index.variables) variablesOf.set(v.owner.path, [...(variablesOf.get(v.owner.path) ?? []), v]);
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
        for (const v of variablesOf.get(path) ?? []) {
          // a single-valued question's variable carries the question's own code
          if (v.variable.code === block.code && v.path === `${path}.code`) continue;
          define(v.variable.code, v.path, v.what);
        }
      });
    });
  }
}

const sections = ['answerScales', 'pages', 'aspects', 'background', 'completion', 'repeat', 'mailTexts'];

/** Document order: top-level fields, answer scales, pages, aspects, background, completion, repeat; stable within an element. */
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
