/**
 * The registry of question types: one module per type (types/<type>/), a typed map over the type
 * union, so a type without a module, or a module missing a piece, fails the type check.
 */
import type { Table } from '../../analysis/tables/model.js';
import { constantSum } from './constantSum/index.js';
import { email } from './email/index.js';
import { likert } from './likert/index.js';
import { list } from './list/index.js';
import type { PresentContext, QuestionHooks, QuestionTableReport, QuestionTypeModule } from './module.js';
import { multi } from './multi/index.js';
import { number } from './number/index.js';
import { open } from './open/index.js';
import { single } from './single/index.js';
import type { Question, QuestionType } from './union.js';
import { yesno } from './yesno/index.js';

export const questionTypes = {
  likert,
  single,
  multi,
  open,
  list,
  number,
  constantSum,
  email,
  yesno,
} satisfies { [T in QuestionType]: QuestionTypeModule<T, QuestionTableReport> };

type Registry = typeof questionTypes;

/** The report table of each type that has one (a union over the registry). */
export type QuestionReport = { [T in QuestionType]: Registry[T] extends QuestionTypeModule<T, infer R> ? R : never }[QuestionType];

type Bound<H> = { [K in keyof H]: H[K] extends (q: never, ...args: infer A) => infer Out ? (...args: A) => Out : never };

/** A question's module with the question bound: `moduleOf(q).parse(form)`. */
export type BoundModule = Bound<QuestionHooks<QuestionType, QuestionReport>> & { readonly name: string; readonly question: Question };

/** The module of a question's type, for pieces that do not take the question (its name, its JSON Schema definitions). */
export function typeModule(type: QuestionType): QuestionTypeModule<QuestionType, QuestionTableReport> {
  return questionTypes[type] as unknown as QuestionTypeModule<QuestionType, QuestionTableReport>;
}

const bound = new Map<QuestionType, object>();

/** Every function piece of a module, calling it with `this.question` first. */
function prototypeOf(type: QuestionType): object {
  let proto = bound.get(type);
  if (!proto) {
    const module = questionTypes[type] as unknown as Record<string, unknown>;
    proto = { name: module.name };
    for (const [key, piece] of Object.entries(module)) {
      if (typeof piece !== 'function' || key === 'frequencyTables') continue;
      Object.defineProperty(proto, key, {
        value(this: { question: Question }, ...args: unknown[]) {
          return (piece as (...a: unknown[]) => unknown)(this.question, ...args);
        },
      });
    }
    bound.set(type, proto);
  }
  return proto;
}

/** The module of a question with the question bound to it: `moduleOf(q).parse(form)`. */
export function moduleOf(question: Question): BoundModule {
  // made once per question object (each page view asks for every question's module; Object.create
  // with a property descriptor made a slow object each time)
  let module = boundModules.get(question);
  if (!module) {
    module = Object.create(prototypeOf(question.type), { question: { value: question } }) as BoundModule;
    boundModules.set(question, module);
  }
  return module;
}

const boundModules = new WeakMap<Question, BoundModule>();

/** The frequency tables of one question table of the report, by its type's module. */
export function frequencyTables(report: QuestionReport, ctx: PresentContext): Table[] {
  return (questionTypes[report.type].frequencyTables as (r: QuestionReport, c: PresentContext) => Table[])(report, ctx);
}
