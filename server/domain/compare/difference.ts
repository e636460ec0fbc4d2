/**
 * A difference of two independent means with its 95 % Welch interval and a plain-Dutch reading. The
 * reading follows the interval, never the point estimate alone: only an interval that contains 0 and
 * lies within ±SMALL_DIFFERENCE says "klein en kan op toeval berusten"; one that contains 0 but is wider
 * says that chance cannot be excluded and the size is unknown; one that excludes 0 says which side is
 * higher.
 */
import { welchInterval } from '../stats/contrastInterval.js';

/** On the 1–4 answer scale: a quarter of a scale point, below which a difference is read as small. */
export const SMALL_DIFFERENCE = 0.25;

export interface Difference {
  /** a − b; null when either mean is missing. */
  estimate: number | null;
  /** The 95 % Welch interval; null when not computable (a side with fewer than two scores). */
  interval: [number, number] | null;
  /** What the interval says, in Dutch; null without an estimate. */
  reading: string | null;
}

export interface MeanWithSpread {
  mean: number | null;
  sd: number | null;
  n: number;
}

/** mean(a) − mean(b) with Welch's 95 % interval and its reading; `higher`/`lower` name a's side in the sentence. */
export function differenceOf(a: MeanWithSpread, b: MeanWithSpread, words: { higher: string; lower: string }): Difference {
  if (a.mean === null || b.mean === null) return { estimate: null, interval: null, reading: null };
  const w = welchInterval(a, b);
  const interval = w.interval.value ? ([w.interval.value[0], w.interval.value[1]] as [number, number]) : null;
  return { estimate: a.mean - b.mean, interval, reading: readDifference(interval, words) };
}

/** The reading of an interval of a difference. */
export function readDifference(interval: [number, number] | null, words: { higher: string; lower: string }): string {
  if (!interval) return 'Geen interval te berekenen (te weinig respondenten): het verschil kan op toeval berusten.';
  const [lo, hi] = interval;
  if (lo > 0) return `${words.higher}; het verschil is groter dan toeval waarschijnlijk maakt (het interval ligt boven 0).`;
  if (hi < 0) return `${words.lower}; het verschil is groter dan toeval waarschijnlijk maakt (het interval ligt onder 0).`;
  if (lo >= -SMALL_DIFFERENCE && hi <= SMALL_DIFFERENCE) return 'Het verschil is klein en kan op toeval berusten.';
  return 'Het verschil kan op toeval berusten; het interval is te breed om te zeggen of het klein of groot is.';
}

/** Said wherever several differences are shown at once. */
export const MANY_COMPARISONS_NOTE =
  'Let op: bij veel vergelijkingen tegelijk (zoals hier per aspect) valt naar verwachting ongeveer één op de twintig intervallen toevallig buiten 0, ook als er in werkelijkheid geen verschil is.';
