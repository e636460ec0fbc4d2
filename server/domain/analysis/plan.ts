/**
 * What the one pass over the responses needs, worked out once per questionnaire: every Likert statement
 * with a fast code → slot table and its recode, the aspects as item indexes, the tables to count, the
 * background variables to break down by, and whether routing can hide anything analysed (if not, route()
 * is never called, which keeps a million responses cheap).
 */
import type { Questionnaire } from '../questionnaire/normalize.js';
import { indexOf } from '../questionnaire/normalize.js';
import type {
  Band,
  ConstantSumQuestion,
  LikertQuestion,
  MultiQuestion,
  NumberQuestion,
  Option,
  Question,
  SingleQuestion,
  YesNoQuestion,
} from '../questionnaire/schema.js';
import { isQuestion } from '../questionnaire/schema.js';
import { likertScale } from '../questionnaire/types/likert.js';
import { multiOptionVariable } from '../questionnaire/types/multi.js';
import { NO, YES } from '../questionnaire/types/yesno.js';
import { bandIndex } from '../stats/bands.js';
import { extractor, NUMBER, type Extractor } from './extract.js';

/** Answer codes of a variable in slots: substantive codes first (0 … valid − 1), then declared missing codes. */
export class CodeSlots {
  readonly codes: number[];
  readonly labels: string[];
  readonly valid: number;
  private readonly lo: number;
  private readonly dense: Int16Array | null;
  private readonly map: Map<number, number> | null;

  constructor(validOptions: Array<{ value: number; label: string }>, missingOptions: Array<{ value: number; label: string }>) {
    const all = [...validOptions, ...missingOptions];
    this.codes = all.map((o) => o.value);
    this.labels = all.map((o) => o.label);
    this.valid = validOptions.length;
    const lo = all.length ? Math.min(...this.codes) : 0;
    const hi = all.length ? Math.max(...this.codes) : -1;
    this.lo = lo;
    // a small lookup table for the usual 1..5 codes; a Map when the codes are far apart (e.g. 1..4 and 9999)
    if (hi - lo < 4096) {
      this.dense = new Int16Array(hi - lo + 1).fill(-1);
      this.map = null;
      all.forEach((o, i) => {
        if (this.dense![o.value - lo] === -1) this.dense![o.value - lo] = i;
      });
    } else {
      this.dense = null;
      this.map = new Map();
      all.forEach((o, i) => {
        if (!this.map!.has(o.value)) this.map!.set(o.value, i);
      });
    }
  }

  /** Slot of a value, or −1 when it is not an answer code. */
  slot(value: number): number {
    // a typed array gives undefined for an index out of range, fractional or NaN
    if (this.dense) return this.dense[value - this.lo] ?? -1;
    return this.map!.get(value) ?? -1;
  }
}

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
}

export type TablePlan =
  | { type: 'single' | 'yesno'; question: SingleQuestion | YesNoQuestion; v: number; slots: CodeSlots; options: Option[]; conditional: boolean }
  | { type: 'multi'; question: MultiQuestion; vs: number[]; conditional: boolean }
  | { type: 'constantSum'; question: ConstantSumQuestion; vs: number[]; conditional: boolean }
  | { type: 'number'; question: NumberQuestion; v: number; missing: CodeSlots | null; bands: Band[] | null; conditional: boolean };

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

function likertOptions(q: LikertQuestion): { valid: Option[]; missing: Option[] } {
  const scale = likertScale(q);
  return { valid: scale.filter((o) => !o.missing), missing: [...scale.filter((o) => o.missing), ...q.missing] };
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
    if (q.type !== 'likert') continue;
    const { valid, missing } = likertOptions(q);
    const values = valid.map((o) => o.value);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    for (const s of q.statements) {
      itemIndex.set(s.code, items.length);
      items.push({
        code: s.code,
        v: at(s.code),
        question: q.code,
        label: s.text,
        aspect: aspectOf.get(s.code) ?? null,
        reversed: s.reverse === true,
        slots: new CodeSlots(valid, missing),
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
    const cond = conditional.has(q.code);
    if (q.type === 'single') {
      const valid = q.options.filter((o) => !o.missing);
      const missing = q.options.filter((o) => o.missing);
      tables.push({
        type: 'single',
        question: q,
        v: at(q.code),
        slots: new CodeSlots(valid, missing),
        options: [...valid, ...missing],
        conditional: cond,
      });
    } else if (q.type === 'yesno') {
      const options: Option[] = [
        { value: YES, label: q.yesLabel },
        { value: NO, label: q.noLabel },
      ];
      tables.push({ type: 'yesno', question: q, v: at(q.code), slots: new CodeSlots(options, []), options, conditional: cond });
    } else if (q.type === 'multi') {
      tables.push({ type: 'multi', question: q, vs: q.options.map((o) => at(multiOptionVariable(q.code, o.value))), conditional: cond });
    } else if (q.type === 'constantSum') {
      tables.push({ type: 'constantSum', question: q, vs: q.items.map((item) => at(item.code)), conditional: cond });
    } else if (q.type === 'number') {
      const bg = questionnaire.background.find((b) => b.question === q.code && b.bands);
      tables.push({
        type: 'number',
        question: q,
        v: at(q.code),
        missing: q.dontKnow ? new CodeSlots([], [q.dontKnow]) : null,
        bands: bg?.bands ?? null,
        conditional: cond,
      });
    }
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

  if (question.type === 'single' || question.type === 'yesno') {
    const options: Option[] =
      question.type === 'single'
        ? question.options
        : [
            { value: YES, label: question.yesLabel },
            { value: NO, label: question.noLabel },
          ];
    const v = at(question.code);
    // option code → slot (CodeSlots' lookup table) → cell; a code that is no option gets slot −1 → unknown
    const slots = new CodeSlots(options, []);
    const byCode = (cellOfCode: Map<number, number>, unknown: number) => {
      const cellOfSlot = Int32Array.from(slots.codes, (code) => cellOfCode.get(code) ?? unknown);
      return (num: Float64Array, kind: Uint8Array) => (kind[v] === NUMBER ? (cellOfSlot[slots.slot(num[v]!)] ?? unknown) : unknown);
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
      const unknown = bands.length;
      return {
        ...base,
        banded: true,
        cellLabels: [...bands.map((b) => b.label), UNKNOWN_CELL],
        cellCodes: [...bands.map(() => null), null],
        cellOf: byCode(cellOfCode, unknown),
      };
    }
    const substantive = options.filter((o) => !o.missing);
    const cellOfCode = new Map(substantive.map((o, i) => [o.value, i] as const));
    const unknown = substantive.length;
    return {
      ...base,
      banded: false,
      cellLabels: [...substantive.map((o) => o.label), UNKNOWN_CELL],
      cellCodes: [...substantive.map((o) => o.value), null],
      cellOf: byCode(cellOfCode, unknown),
    };
  }
  if (question.type === 'number') {
    if (!bands)
      throw new AnalysisOptionError(`uitsplitsen naar getalvraag ${question.code} kan alleen met groepen (bands) in de achtergrondkenmerken`);
    const v = at(question.code);
    const missing = new Set(question.dontKnow ? [question.dontKnow.value] : []);
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
