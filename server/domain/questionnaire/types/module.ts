/**
 * Everything the platform needs to know about one question type, as one module per type
 * (types/<type>/index.ts). The registry (index.ts) is a typed map over the type union: a type without
 * a module, or a module without one of these pieces, fails the type check.
 */
import type { z } from 'zod';
import type { Table } from '../../analysis/tables/model.js';
import type { LintContext } from '../lint/model.js';
import type { Option } from '../parts.js';
import type { Band } from '../schema.js';
import type { QuestionOf, QuestionType } from './union.js';
import type { Values, Variable } from '../variables.js';
import type { FormInput, ParseResult } from './form.js';

/** Where a generated variable comes from in the file, so a duplicate code points at the element that makes it. */
export interface VariableOrigin {
  path: string;
  what: string;
}

/** How a showIf condition may use the question's own code. */
export type ConditionUse =
  /** Compare its one answer (equals, gt, …). */
  | { kind: 'value' }
  /** Multiple choice: `includes` one of these option codes. */
  | { kind: 'includes'; options: number[] }
  /** No single answer: a condition names one of its parts (in Dutch: "uitspraken", "items", "regels"). */
  | { kind: 'parts'; parts: string };

/** The answers a number variable can hold besides its declared missing codes: option codes, or a range. */
export type AnswerSet =
  | { codes: number[]; missing: number[] }
  | { lo: number | undefined; hi: number | undefined; integer: boolean; missing: number[] };

/** A statement that can be an item of an aspect (a scale): its codes and how it is scored. */
export interface ScaleItem {
  code: string;
  label: string;
  reverse: boolean;
  /** Substantive answer codes (scale points), in order. */
  valid: Option[];
  /** Declared missing codes (geen oordeel). */
  missing: Option[];
}

/** How the answers group respondents when results are broken down by the question. */
export type Grouping =
  /** One group per option, or bands over the options' meanings when `bands` is allowed. */
  | { kind: 'options'; options: Option[]; bands: boolean }
  /** Numbers, grouped into bands; `missing` codes fall in no band. */
  | { kind: 'number'; missing: number[] };

/** What the SPSS syntax needs beyond the variables: whole numbers, text lengths, multiple-dichotomy sets. */
export interface SpssDefinition {
  /** Whether the number variables only hold whole numbers (format F<w>.0). */
  integer: boolean;
  /** Longest text a text variable can hold, in characters, when no data are at hand. */
  textLength: number;
  /** The 0/1 variables that form one multiple-response set (MRSETS), or none. */
  dichotomies: string[];
}

/** One line of a question's answer as the respondent reads it back: a statement or item (label) and the answer; null text when not answered. */
export interface AnswerLine {
  label: string | null;
  text: string | null;
}

/** What every question table of the report says. */
export interface QuestionTableReport {
  type: QuestionType;
  code: string;
  text: string;
  /** Responses shown the question. */
  shown: number;
  notShown: number;
  /**
   * The count of those not asked is not shown (the routing note, and a choice table's Totaal and %, whose
   * base is those asked): they are part of a hidden "Onbekend" group, or the disclosure check hid it.
   */
  notShownHidden?: 'small' | 'complementary';
}

/** Counts a question's answers over the one pass of analyze() and builds its table at the end. */
export interface TableCounter<R extends QuestionTableReport> {
  /** Count the response last read by the extractor; `shown` is false when routing hid the question. */
  add(num: Float64Array, kind: Uint8Array, shown: boolean): void;
  report(percentDecimals: number): R;
  /** Values that are no answer to the question (bad data), left out of the table. */
  readonly invalid: number;
}

/** What a counter needs from the analysis plan. */
export interface CounterContext {
  /** Index of a variable in the extractor's arrays. */
  at(code: string): number;
  /** Bands of this question declared as a background variable, if any. */
  bands: Band[] | null;
}

/** What the presentation of a question's frequencies needs. */
export interface PresentContext {
  /** The caption of the question's first table ("Tabel 7. ‘…’"). */
  caption: string;
  percentDecimals: number;
  /** The minimum cell size, for the footnote of rows hidden because their group is suppressed. */
  minCellSize: number;
}

/** The pieces that take the question; moduleOf(q) binds them to it. */
export interface QuestionHooks<T extends QuestionType, R extends QuestionTableReport> {
  /** The question with named references resolved (a Likert scale given by the name of an answer scale). */
  resolve(q: QuestionOf<T>, scale: (name: string) => Option[]): QuestionOf<T>;
  /** The variables this question produces, in export order (value labels, missing codes, measurement level). */
  variables(q: QuestionOf<T>): Variable[];
  /** Where a generated variable comes from; undefined when it is the question's own code. */
  origin(q: QuestionOf<T>, code: string, base: string, taken: ReadonlySet<string>): VariableOrigin | undefined;
  /** The type's own checks of a definition that passed the schema (lint). */
  lint(q: QuestionOf<T>, path: string, ctx: LintContext): void;
  /** How a condition may use the question's own code. */
  conditionUse(q: QuestionOf<T>): ConditionUse;
  /** The answers a number variable of the (resolved) question can hold; null when nothing can be said. */
  answers(q: QuestionOf<T>, variable: Variable): AnswerSet | null;
  /** The label of an answer code, to say a condition in words; undefined when the type has no labelled codes. */
  optionLabel(q: QuestionOf<T>, value: number | string): string | undefined;
  /**
   * Read the question's fields from a submitted page: every variable of the question (null when
   * unanswered) or one Dutch message saying what is wrong. Enforces `q.required`; the view partial
   * that produces these fields is views/questions/<type>.eta.
   */
  parse(q: QuestionOf<T>, form: FormInput): ParseResult;
  /** The inverse of parse: the form fields that show stored values (to fill a page in, or to re-check a whole response). */
  toForm(q: QuestionOf<T>, values: Values): FormInput;
  /** The answer in words, for the respondent's own copy on the thank-you page; [] when unanswered. */
  answerText(q: QuestionOf<T>, values: Values): AnswerLine[];
  /** Its statements that can be items of an aspect (a Likert matrix); none for other types. */
  scaleItems(q: QuestionOf<T>): ScaleItem[];
  /** How it groups respondents as a background variable; null when it cannot. */
  grouping(q: QuestionOf<T>): Grouping | null;
  /** A counter for its frequency table in the report; null when the report has no table for it. */
  counter(q: QuestionOf<T>, ctx: CounterContext): TableCounter<R> | null;
  /** SPSS formats and sets. */
  spss(q: QuestionOf<T>): SpssDefinition;
}

/** A question type. `R` is its table in the report (never: no table). */
export interface QuestionTypeModule<T extends QuestionType, R extends QuestionTableReport = never> extends QuestionHooks<T, R> {
  /** How fault messages name it, in Dutch: "enkele keuzevraag". */
  readonly name: string;
  /** Its JSON Schema definitions by name, its question schema first. */
  readonly definitions: Readonly<Record<string, z.ZodType>>;
  /** Its frequency table(s), as the results page and the workbook show them. */
  frequencyTables(report: R, ctx: PresentContext): Table[];
}
