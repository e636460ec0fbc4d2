/** The bookkeeping every question table shares: responses routing hid, and values that are no answer. */
import type { QuestionTableReport, TableCounter } from './module.js';

/** What a counter's own `count` keeps apart from the table: how many responses never saw the question, and bad values. */
export interface ShownTally {
  notShown: number;
  invalid: number;
}

/**
 * A table counter that counts hidden responses itself and hands `count` only the shown ones;
 * `count` returns false for a value that is no answer to the question (counted as invalid, left out of the table).
 */
export function shownCounter<R extends QuestionTableReport>(
  count: (num: Float64Array, kind: Uint8Array) => boolean,
  report: (percentDecimals: number, tally: Readonly<ShownTally>) => R,
): TableCounter<R> {
  const tally: ShownTally = { notShown: 0, invalid: 0 };
  return {
    get invalid() {
      return tally.invalid;
    },
    add(num, kind, shown) {
      if (!shown) tally.notShown += 1;
      else if (!count(num, kind)) tally.invalid += 1;
    },
    report: (percentDecimals) => report(percentDecimals, tally),
  };
}
