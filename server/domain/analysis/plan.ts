/**
 * What the one pass over the responses needs, worked out once per questionnaire: every Likert statement
 * with a fast code → slot table and its recode, the aspects as item indexes, the tables to count, the
 * background variables to break down by, and whether routing can hide anything analysed (if not, route()
 * is never called, which keeps a million responses cheap).
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import { indexOf } from '../questionnaire/normalize.js';
import type { Question } from '../questionnaire/schema.js';
import { isQuestion } from '../questionnaire/schema.js';
import { moduleOf, type QuestionReport } from '../questionnaire/types/index.js';
import type { TableCounter } from '../questionnaire/types/module.js';
import { bandIndex } from '../stats/bands.js';
import { CodeSlots } from './codeSlots.js';
import { extractor, NUMBER, type Extractor } from './extract.js';

export interface ItemPlan {
  code: string;
  /** Index of the variable in the extractor. */
  v: number;
  question: string;
  label: string;
  aspect: string | null;
  reversed: boolean;
  slots: CodeSlots;
  /** Scored value of each substantive slot (recoded when reverse-keyed). */
  scored: Float64Array;
  /** Whether routing can hide the question. */
  conditional: boolean;
}

export interface AspectPlan {
  id: string;
  label: string;
  items: number[];
  minAnswered: number;
}

export interface BackgroundPlan {
  variable: string;
  label: string;
  question: string;
  banded: boolean;
  conditional: boolean;
  cellLabels: string[];
  cellCodes: Array<number | null>;
  /** Cell index of the response last read by the extractor; the last cell is "Onbekend". */
  cellOf(num: Float64Array, kind: Uint8Array): number;
  /** For a choice question: the cell of an answer code (null: no answer or a missing code, the "Onbekend" cell). */
  cellOfCode?: (code: number | null) => number;
  /** For a choice question: the answer code of the response last read (null: no answer), its row in the question's frequency table. */
  codeOf?: (num: Float64Array, kind: Uint8Array) => number | null;
}

/** A question's frequency table: counted by its type's counter over the one pass. */
export interface TablePlan {
  question: string;
  /** Whether routing can hide the question. */
  conditional: boolean;
  counter: TableCounter<QuestionReport>;
}

export interface Plan {
  /** Reads every numeric variable of a response (contact questions excluded) into typed arrays. */
  extractor: Extractor;
  items: ItemPlan[];
  aspects: AspectPlan[];
  tables: TablePlan[];
  /** Whether any analysed question can be hidden by routing (then route() runs per response). */
  needsRouting: boolean;
  warnings: string[];
}

export const UNKNOWN_CELL = 'Onbekend';

/** Questions that routing can hide: on a page with showIf, or with a showIf of their own. */
function conditionalQuestions(questionnaire: Questionnaire): Set<string> {
  const out = new Set<string>();
  for (const page of questionnaire.pages)
    for (const block of page.blocks) if (isQuestion(block) && (page.showIf || block.showIf)) out.add(block.code);
  return out;
}

/** Build the plan; throws on a breakdown variable that does not exist or cannot be broken down by. */
export function buildPlan(questionnaire: Questionnaire, by: readonly string[]): { plan: Plan; backgrounds: BackgroundPlan[] } {
  const index = indexOf(questionnaire);
  const conditional = conditionalQuestions(questionnaire);
  const warnings: string[] = [];
  const ex = extractor(
    questionnaire.variables.filter((v) => v.kind === 'number' && !index.question.get(v.question)?.contact).map((v) => v.code),
  );
  const at = (code: string): number => {
    const i = ex.index.get(code);
    if (i === undefined) throw new Error(`variable ${code} is not read by the analysis`);
    return i;
  };
  const aspectOf = new Map<string, string>();
  for (const a of questionnaire.aspects) for (const code of a.items) aspectOf.set(code, a.id);

  const items: ItemPlan[] = [];
  const itemIndex = new Map<string, number>();
  for (const q of index.questions) {
    for (const s of moduleOf(q).scaleItems()) {
      const values = s.valid.map((o) => o.value);
      const lo = Math.min(...values);
      const hi = Math.max(...values);
      itemIndex.set(s.code, items.length);
      items.push({
        code: s.code,
        v: at(s.code),
        question: q.code,
        label: s.label,
        aspect: aspectOf.get(s.code) ?? null,
        reversed: s.reverse,
        slots: new CodeSlots(s.valid, s.missing),
        scored: Float64Array.from(values, (v) => (s.reverse ? lo + hi - v : v)),
        conditional: conditional.has(q.code),
      });
    }
  }

  const aspects: AspectPlan[] = [];
  for (const a of questionnaire.aspects) {
    const idx = a.items.map((code) => itemIndex.get(code));
    const unknown = a.items.filter((_, i) => idx[i] === undefined);
    if (unknown.length > 0) warnings.push(`Aspect ${a.id}: ${unknown.join(', ')} zijn geen uitspraken van een matrixvraag en tellen niet mee`);
    const known = idx.filter((i): i is number => i !== undefined);
    aspects.push({ id: a.id, label: a.label, items: known, minAnswered: Math.min(a.minAnswered, Math.max(known.length, 1)) });
  }

  const tables: TablePlan[] = [];
  for (const q of index.questions) {
    if (q.contact) continue;
    const bands = questionnaire.background.find((b) => b.question === q.code && b.bands)?.bands ?? null;
    const counter = moduleOf(q).counter({ at, bands });
    if (counter) tables.push({ question: q.code, conditional: conditional.has(q.code), counter });
  }

  const backgrounds = by.map((variable) => backgroundPlan(questionnaire, variable, conditional, warnings, at));
  const needsRouting =
    items.some((i) => i.conditional) || tables.some((t) => t.conditional) || backgrounds.some((b) => b.conditional);
  return { plan: { extractor: ex, items, aspects, tables, needsRouting, warnings }, backgrounds };
}

export class AnalysisOptionError extends Error {}

function backgroundPlan(
  questionnaire: Questionnaire,
  variable: string,
  conditional: Set<string>,
  warnings: string[],
  at: (code: string) => number,
): BackgroundPlan {
  const index = indexOf(questionnaire);
  const declared =
    questionnaire.background.find((b) => b.id === variable) ?? questionnaire.background.find((b) => b.question === variable);
  const questionCode = declared?.question ?? variable;
  const question: Question | undefined = index.question.get(questionCode);
  if (!question) {
    const known = [...questionnaire.background.map((b) => b.id)].join(', ');
    throw new AnalysisOptionError(`onbekende uitsplitsing "${variable}"${known ? ` (achtergrondkenmerken: ${known})` : ''}`);
  }
  const bands = declared?.bands;
  const label = declared?.label ?? question.text;
  const base = { variable, label, question: question.code, conditional: conditional.has(question.code) };

  const grouping = moduleOf(question).grouping();
  if (grouping?.kind === 'options') {
    const { options } = grouping;
    const v = at(question.code);
    // option code → slot (CodeSlots' lookup table) → cell; a code that is no option gets slot −1 → unknown
    const slots = new CodeSlots(options, []);
    const optionCells = (
      cellOfCode: Map<number, number>,
      cells: Pick<BackgroundPlan, 'banded' | 'cellLabels' | 'cellCodes'>,
    ): BackgroundPlan => {
      const unknown = cells.cellLabels.length - 1;
      const cellOfSlot = Int32Array.from(slots.codes, (code) => cellOfCode.get(code) ?? unknown);
      return {
        ...base,
        ...cells,
        cellOf: (num, kind) => (kind[v] === NUMBER ? (cellOfSlot[slots.slot(num[v]!)] ?? unknown) : unknown),
        cellOfCode: (code) => (code === null ? unknown : (cellOfCode.get(code) ?? unknown)),
        codeOf: (num, kind) => (kind[v] === NUMBER ? num[v]! : null),
      };
    };
    if (bands) {
      // bands apply to what an option means (e.g. an attendance count), never to its code
      const cellOfCode = new Map<number, number>();
      for (const o of options) {
        if (o.missing) continue;
        if (o.meaning === undefined) {
          warnings.push(`${question.code}: optie "${o.label}" heeft geen betekenis (meaning) en telt bij ${label} als ${UNKNOWN_CELL}`);
          continue;
        }
        const i = bandIndex(o.meaning, bands);
        if (i >= 0) cellOfCode.set(o.value, i);
        else warnings.push(`${question.code}: optie "${o.label}" (betekenis ${o.meaning}) valt in geen groep van ${label} en telt als ${UNKNOWN_CELL}`);
      }
      return optionCells(cellOfCode, {
        banded: true,
        cellLabels: [...bands.map((b) => b.label), UNKNOWN_CELL],
        cellCodes: [...bands.map(() => null), null],
      });
    }
    const substantive = options.filter((o) => !o.missing);
    const cellOfCode = new Map(substantive.map((o, i) => [o.value, i] as const));
    return optionCells(cellOfCode, {
      banded: false,
      cellLabels: [...substantive.map((o) => o.label), UNKNOWN_CELL],
      cellCodes: [...substantive.map((o) => o.value), null],
    });
  }
  if (grouping?.kind === 'number') {
    if (!bands)
      throw new AnalysisOptionError(`uitsplitsen naar getalvraag ${question.code} kan alleen met groepen (bands) in de achtergrondkenmerken`);
    const v = at(question.code);
    const missing = new Set(grouping.missing);
    const unknown = bands.length;
    return {
      ...base,
      banded: true,
      cellLabels: [...bands.map((b) => b.label), UNKNOWN_CELL],
      cellCodes: [...bands.map(() => null), null],
      cellOf: (num, kind) => {
        const x = num[v]!;
        if (kind[v] !== NUMBER || missing.has(x)) return unknown;
        const i = bandIndex(x, bands);
        return i >= 0 ? i : unknown;
      },
    };
  }
  throw new AnalysisOptionError(`uitsplitsen kan naar een enkele keuze-, ja/nee- of getalvraag, niet naar ${question.code} (${question.type})`);
}
