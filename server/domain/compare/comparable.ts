/**
 * Which aspects of two questionnaire versions measure the same thing, so that their scores may be
 * compared or pooled. The comparisons, the benchmark and the trends ask only this function, which
 * applies the questionnaire store's rule per aspect (compareQuestionnaires in questionnaire/compare.ts:
 * rewording keeps an aspect comparable; a changed item set, scale values, reverse keying or minimum of
 * answered items does not). Different questionnaires (ids) share no aspect.
 */
import { compareQuestionnaires } from '../questionnaire/compare.js';
import type { Questionnaire } from '../questionnaire/normalize.js';

/** The ids of the aspects whose scores are comparable between `a` and `b` (in either order). */
export function comparableAspects(a: Questionnaire, b: Questionnaire): ReadonlySet<string> {
  if (a.id !== b.id) return new Set();
  if (a.version === b.version) return new Set(a.aspects.map((s) => s.id));
  const comparison = compareQuestionnaires(a, b);
  const ids = new Set(a.aspects.map((s) => s.id));
  return new Set(comparison.aspects.filter((x) => x.comparable && x.status !== 'added' && ids.has(x.id)).map((x) => x.id));
}
