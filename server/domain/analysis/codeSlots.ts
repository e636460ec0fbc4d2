/**
 * Answer codes of a variable mapped to small integers ("slots"), so the one pass over the responses
 * counts into flat arrays instead of maps.
 */
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
