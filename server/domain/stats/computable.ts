/**
 * A statistic that may not be computable. Reports never carry NaN or Infinity: a value that cannot
 * be computed (too few observations, a zero variance in a denominator, …) is `null` together with the
 * reason, so every output can say why a cell is empty.
 */
export type Computable = { value: number; reason: null } | { value: null; reason: string };

/** A computed value; throws on NaN or ±Infinity, which would mean a missing guard upstream. */
export function computed(value: number): Computable {
  if (!Number.isFinite(value)) throw new Error(`statistic is not finite (${value}): a guard is missing`);
  return { value, reason: null };
}

/** A value that cannot be computed, with the reason in words a researcher understands. */
export function notComputable(reason: string): Computable {
  return { value: null, reason };
}

/** A warning attached to a statistic: a stable code for programs, a Dutch message for people. */
export interface StatWarning {
  code: string;
  message: string;
  /** The item (variable code) it concerns, if any. */
  item?: string;
}
