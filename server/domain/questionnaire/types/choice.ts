/** Pieces shared by single and multiple choice: the "anders, namelijk" text and the option lists. */
import type { Option } from '../parts.js';
import type { ValueLabel, Values, Variable } from '../variables.js';
import { charCount, OTHER_MAX_LENGTH, text, tooLong, type FormInput, type ParseResult } from './form.js';
import type { VariableOrigin } from './module.js';

/** The "anders, namelijk" text variable, when an option asks for one. */
export function otherVariable(code: string, options: Option[]): Variable[] {
  const other = options.find((o) => o.other);
  if (!other) return [];
  return [
    {
      code: `${code}_other`,
      question: code,
      kind: 'text',
      label: otherTextLabel(other),
      valueLabels: [],
      missingValues: [],
      measure: 'nominal',
    },
  ];
}

/** Where the "anders, namelijk" variable comes from, if `code` is it. */
export function otherOrigin(question: string, options: Option[], code: string, base: string): VariableOrigin | undefined {
  const k = options.findIndex((o) => o.other);
  if (k >= 0 && code === `${question}_other`) return { path: `${base}.options[${k}].other`, what: `the "other" text of ${question}` };
  return undefined;
}

export function valueLabels(options: Option[]): ValueLabel[] {
  return options.map((o) => ({ value: o.value, label: o.label }));
}

export function missingCodes(options: Option[]): number[] {
  return options.filter((o) => o.missing).map((o) => o.value);
}

/** "Anders: Zorgoverleg": the label of a chosen option, with its "anders, namelijk" text. */
export function chosenText(option: Option, code: string, values: Values): string {
  const other = values[`${code}_other`];
  return option.other && typeof other === 'string' && other !== '' ? `${option.label}: ${other}` : option.label;
}

/** The label of an option code. */
export function optionLabelOf(options: Option[], value: number | string): string | undefined {
  return options.find((o) => o.value === value)?.label;
}

/**
 * The "other" option when its "anders, namelijk" text was typed. Typing there chooses the option:
 * respondent.js ticks it at once, and without JavaScript the parser does (a text typed without
 * ticking the option was silently lost before).
 */
export function typedOther(code: string, options: Option[], form: FormInput): Option | undefined {
  const other = options.find((o) => o.other);
  return other && text(form, `${code}_other`) !== '' ? other : undefined;
}

/** The label of the text field of an "other" option. */
export function otherTextLabel(option: Option): string {
  return option.otherLabel ?? `${option.label}, namelijk`;
}

/**
 * The "anders, namelijk" text: required when its option is chosen, dropped when it is not (with
 * JavaScript the text box of an option that is not chosen is not sent, see respondent.js).
 */
export function parseOtherText(code: string, options: Option[], chosen: number[], form: FormInput): ParseResult {
  const other = options.find((o) => o.other);
  if (!other) return { values: {} };
  const values: Values = { [`${code}_other`]: null };
  if (!chosen.includes(other.value)) return { values };
  const given = text(form, `${code}_other`);
  if (given === '') return { error: `Vul bij “${other.label}” in wat u bedoelt.` };
  if (charCount(given) > OTHER_MAX_LENGTH) return { error: tooLong(charCount(given), OTHER_MAX_LENGTH, `Uw toelichting bij “${other.label}”`) };
  values[`${code}_other`] = given;
  return { values };
}
