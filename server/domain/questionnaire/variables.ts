/**
 * The flat representation every layer shares: a response is a map from variable code to value.
 * Storage, CSV/SPSS export and the analysis engine all speak in variables, so a question type only
 * has to say once which variables it produces.
 */
export type Value = number | string | null;
export type Values = Record<string, Value>;

export interface ValueLabel {
  value: number;
  label: string;
}

export interface Variable {
  /** Variable name in storage and exports (statement code, `Q8_3`, `Q2_other`, …). */
  code: string;
  /** Code of the question that owns it. */
  question: string;
  kind: 'number' | 'text';
  label: string;
  valueLabels: ValueLabel[];
  /** Codes that mean "no substantive answer" (geen oordeel, weet niet): missing data, never scale points. */
  missingValues: number[];
  measure: 'nominal' | 'ordinal' | 'scale';
}
