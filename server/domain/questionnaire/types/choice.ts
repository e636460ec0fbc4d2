import type { Option } from '../schema.js';
import type { ValueLabel, Variable } from '../variables.js';

/** Shared by single and multiple choice: the "anders, namelijk" text variable. */
export function otherVariable(code: string, options: Option[]): Variable[] {
  const other = options.find((o) => o.other);
  if (!other) return [];
  return [
    {
      code: `${code}_other`,
      question: code,
      kind: 'text',
      label: other.otherLabel ?? `${other.label}, namelijk`,
      valueLabels: [],
      missingValues: [],
      measure: 'nominal',
    },
  ];
}

export function valueLabels(options: Option[]): ValueLabel[] {
  return options.map((o) => ({ value: o.value, label: o.label }));
}

export function missingCodes(options: Option[]): number[] {
  return options.filter((o) => o.missing).map((o) => o.value);
}
