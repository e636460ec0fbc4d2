/**
 * From a validated questionnaire file to the normalized questionnaire the rest of the platform uses:
 * defaults applied, answer scales inlined, aspects with their minimum resolved, the variable list built.
 */
import type { Aspect, Block, Option, Page, Question, QuestionnaireFile } from './schema.js';
import { isQuestion } from './schema.js';
import { moduleOf } from './types/index.js';
import type { Variable } from './variables.js';

export interface NormalizedAspect {
  id: string;
  label: string;
  items: string[];
  minAnswered: number;
}

export interface Questionnaire extends Omit<QuestionnaireFile, 'aspects' | 'pages' | 'answerScales' | '$schema'> {
  pages: Page[];
  aspects: NormalizedAspect[];
  /** Every variable in page order: the columns of the raw-data export. */
  variables: Variable[];
}

/** Default minimum of answered items for an aspect score: half the items, rounded up. */
export function defaultMinAnswered(k: number): number {
  return Math.ceil(k / 2);
}

function resolveScales(block: Block, scales: Record<string, Option[]>): Block {
  if (!isQuestion(block)) return block;
  return moduleOf(block).resolve((name) => {
    const scale = scales[name];
    // lint reports unknown scale names; normalize() is only called on linted files
    if (!scale) throw new Error(`unknown answer scale "${name}" in ${block.code}`);
    return scale;
  });
}

/** Normalize a file that passed the schema (and lint). */
export function normalize(file: QuestionnaireFile): Questionnaire {
  const { $schema: _schema, answerScales, aspects, pages, ...meta } = file;
  const resolvedPages = pages.map((page) => ({ ...page, blocks: page.blocks.map((b) => resolveScales(b, answerScales)) }));
  const questions = resolvedPages.flatMap((p) => p.blocks.filter(isQuestion));
  return {
    ...meta,
    pages: resolvedPages,
    aspects: aspects.map((a: Aspect) => ({
      id: a.id,
      label: a.label,
      items: a.items,
      minAnswered: a.minAnswered ?? defaultMinAnswered(a.items.length),
    })),
    variables: questions.flatMap((q) => moduleOf(q).variables()),
  };
}

/** Lookups over a normalized questionnaire, built once per questionnaire object. */
export interface QuestionnaireIndex {
  questions: Question[];
  question: Map<string, Question>;
  /** Page index of each question. */
  pageOf: Map<string, number>;
  variable: Map<string, Variable>;
  /** Question code of each variable code. */
  owner: Map<string, string>;
}

const indexes = new WeakMap<Questionnaire, QuestionnaireIndex>();

export function indexOf(q: Questionnaire): QuestionnaireIndex {
  let index = indexes.get(q);
  if (index) return index;
  const questions: Question[] = [];
  const pageOf = new Map<string, number>();
  q.pages.forEach((page, i) =>
    page.blocks.filter(isQuestion).forEach((b) => {
      questions.push(b);
      pageOf.set(b.code, i);
    }),
  );
  index = {
    questions,
    question: new Map(questions.map((x) => [x.code, x])),
    pageOf,
    variable: new Map(q.variables.map((v) => [v.code, v])),
    owner: new Map(q.variables.map((v) => [v.code, v.question])),
  };
  indexes.set(q, index);
  return index;
}
