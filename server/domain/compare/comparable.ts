/**
 * Which aspects of two questionnaire versions measure the same thing, so that their scores may be
 * compared or pooled. The comparisons, the benchmark and the trends ask only this function.
 *
 * Until questionnaire versions carry the per-aspect comparability rule of the questionnaire store,
 * two versions are comparable as a whole when id and version are equal, and not at all otherwise.
 */
import type { Questionnaire } from '../questionnaire/normalize.js';

/** The ids of the aspects whose scores are comparable between `a` and `b`. */
export function comparableAspects(a: Questionnaire, b: Questionnaire): ReadonlySet<string> {
  if (a.id !== b.id || a.version !== b.version) return new Set();
  return new Set(a.aspects.map((s) => s.id));
}
