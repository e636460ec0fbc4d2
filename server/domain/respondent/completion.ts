/**
 * When a sent response counts as complete (AAPOR 1.1) rather than partial (1.2): the questionnaire's
 * `completion` rule. An aspect has a score by the analysis' own rule (at least its minAnswered items
 * answered on a scale point; "geen oordeel" is no score), so "4 of 7 aspects scored" here means what
 * the results page means by it. Without a rule every sent response is complete.
 */
import { formatCount } from '../format/nl.js';
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import { moduleOf } from '../questionnaire/types/index.js';
import type { Values } from '../questionnaire/variables.js';
import { codeAnswered } from './answered.js';

const scalePoints = new WeakMap<Questionnaire, Map<string, Set<number>>>();

/** The substantive answer codes of every matrix statement. */
function pointsOf(questionnaire: Questionnaire): Map<string, Set<number>> {
  let points = scalePoints.get(questionnaire);
  if (!points) {
    points = new Map();
    for (const q of indexOf(questionnaire).questions) {
      for (const s of moduleOf(q).scaleItems()) points.set(s.code, new Set(s.valid.map((o) => o.value)));
    }
    scalePoints.set(questionnaire, points);
  }
  return points;
}

/** How many aspects of the response have a score. */
export function aspectsScored(questionnaire: Questionnaire, values: Values): number {
  const points = pointsOf(questionnaire);
  let scored = 0;
  for (const aspect of questionnaire.aspects) {
    let answered = 0;
    for (const code of aspect.items) {
      const v = values[code];
      if (typeof v === 'number' && points.get(code)?.has(v)) answered += 1;
    }
    if (answered > 0 && answered >= aspect.minAnswered) scored += 1;
  }
  return scored;
}

/** Whether the (routed) answers of a sent response make it complete under the questionnaire's rule. */
export function isComplete(questionnaire: Questionnaire, values: Values): boolean {
  const rule = questionnaire.completion;
  if (!rule) return true;
  if (rule.minAspectsScored !== undefined && aspectsScored(questionnaire, values) < rule.minAspectsScored) return false;
  const counted = rule.minAnswered;
  if (counted && counted.items.filter((code) => codeAnswered(questionnaire, code, values)).length < counted.count) return false;
  return true;
}

/** The rule in Dutch, for the rates page and the check page: "minstens 4 van de 7 aspecten hebben een score". */
export function completionRuleText(questionnaire: Questionnaire): string {
  const rule = questionnaire.completion;
  if (!rule) return 'elke verstuurde vragenlijst telt als volledig ingevuld';
  const parts: string[] = [];
  if (rule.minAspectsScored !== undefined) {
    parts.push(`minstens ${formatCount(rule.minAspectsScored)} van de ${formatCount(questionnaire.aspects.length)} aspecten een score hebben`);
  }
  if (rule.minAnswered) {
    parts.push(`minstens ${formatCount(rule.minAnswered.count)} van de ${formatCount(rule.minAnswered.items.length)} vragen (${rule.minAnswered.items.join(', ')}) beantwoord zijn`);
  }
  return `een verstuurde vragenlijst telt als volledig ingevuld als ${parts.join(' en ')}; anders als gedeeltelijk ingevuld`;
}
