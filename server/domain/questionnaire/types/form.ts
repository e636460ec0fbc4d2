/**
 * What a question type's form parser receives and returns. A submitted page arrives as an
 * urlencoded body: each field is a string, or an array when the name repeats (checkboxes).
 */
import { formatNumber } from '../../format/nl.js';
import type { Values } from '../variables.js';

export type FormInput = Record<string, string | string[] | undefined>;

/** Either the question's variables (all of them, null when unanswered) or a Dutch message for the respondent. */
export type ParseResult = { values: Values } | { error: string };

/** The first value of a field, trimmed; '' when absent. */
export function field(form: FormInput, name: string): string {
  const raw = form[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return (value ?? '').trim();
}

/** Every non-empty value of a repeated field. */
export function fields(form: FormInput, name: string): string[] {
  const raw = form[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.map((v) => v.trim()).filter((v) => v !== '');
}

/** A text answer with Windows line ends unified; '' stays ''. */
export function text(form: FormInput, name: string): string {
  return field(form, name).replace(/\r\n?/g, '\n');
}

/**
 * A number as Dutch respondents type it: `12`, `-3`, `12,5` or `12.5`, optionally followed by the
 * unit (`40 %`). Thousands separators are refused: `1.000` would be ambiguous. Null when not a number.
 */
export function parseDecimal(input: string, unit?: string): number | null {
  let s = input.trim();
  if (unit && s.endsWith(unit)) s = s.slice(0, -unit.length).trim();
  if (!/^[-+]?\d+([.,]\d+)?$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

/** A value with its unit: `90 %`, `12 uur`, or the bare number. */
export function withUnit(n: number, unit?: string): string {
  return unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
}

/** A code from a fixed set of options, or undefined when the input is not one of them. */
export function optionCode(input: string, allowed: number[]): number | undefined {
  if (!/^-?\d+$/.test(input)) return undefined;
  const n = Number(input);
  return allowed.includes(n) ? n : undefined;
}

/** All of a question's variable codes set to null: an unanswered question. */
export function nulls(codes: string[]): Values {
  // a plain loop: Object.fromEntries of mapped pairs was 2 % of a page POST
  const values: Values = {};
  for (const c of codes) values[c] = null;
  return values;
}

/** Length of a text as people count characters (code points, not UTF-16 units). */
export function charCount(s: string): number {
  return [...s].length;
}

/** "Uw antwoord is te lang" with the numbers. */
export function tooLong(length: number, max: number, what = 'Uw antwoord'): string {
  return `${what} is ${length} tekens lang; het maximum is ${max} tekens.`;
}

/** Longest "anders, namelijk" text accepted. */
export const OTHER_MAX_LENGTH = 500;

/** A stored number or text as a form field value; undefined when unanswered. */
export function fieldValue(value: Values[string] | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** Form fields of variables stored one-to-one (statement codes, item codes, text questions). */
export function sameNamedFields(codes: string[], values: Values): FormInput {
  const form: FormInput = {};
  for (const c of codes) {
    const v = fieldValue(values[c]);
    if (v !== undefined) form[c] = v;
  }
  return form;
}
