/**
 * Final dispositions of invited persons, after the AAPOR Standard Definitions (10th ed., 2023) for
 * internet surveys of specifically named persons. Every person gets exactly one, by precedence:
 * a person found ineligible (4.x) is taken out of the denominator whatever else happened; then a
 * complete (1.1: sent a response that meets the questionnaire's completion rule) before a partial
 * (1.2: sent only responses short of that rule, or started and never sent); an explicit opt-out is a refusal
 * (2.11); an undeliverable invitation (bounce) is a non-contact (3.3 in AAPOR: counted in the
 * denominator, as RR1 and RR2 do for unknown eligibility); the rest is no answer (3.19 / 2.27).
 */

export type Disposition = 'complete' | 'partial' | 'optedOut' | 'nonContact' | 'ineligible' | 'noAnswer';

/** In reporting order. */
export const DISPOSITIONS: readonly Disposition[] = ['complete', 'partial', 'optedOut', 'nonContact', 'noAnswer', 'ineligible'];

/** Dutch label and the AAPOR code it corresponds to. */
export const dispositionLabels: Record<Disposition, { label: string; aapor: string }> = {
  complete: { label: 'Volledig ingevuld', aapor: '1.1' },
  partial: { label: 'Gedeeltelijk ingevuld', aapor: '1.2' },
  optedOut: { label: 'Afgemeld (weigering)', aapor: '2.11' },
  nonContact: { label: 'Onbereikbaar (bounce)', aapor: '3.3' },
  noAnswer: { label: 'Geen reactie', aapor: '3.19' },
  ineligible: { label: 'Niet tot de doelgroep', aapor: '4.x' },
};

export interface PersonState {
  eligible: boolean;
  /** The invitation's status ('completed': sent at least one response); null when the person has no invitation record. */
  status: 'invited' | 'started' | 'completed' | null;
  /**
   * Whether any response the person sent met the completion rule; null or absent when that is not
   * known per person (anonymous waves: see responseRates.ts), which counts a sent response as complete.
   */
  sentComplete?: boolean | null;
  optedOut: boolean;
  bounced: boolean;
}

/** The one disposition of a person. */
export function disposition(person: PersonState): Disposition {
  if (!person.eligible) return 'ineligible';
  if (person.status === 'completed') return person.sentComplete === false ? 'partial' : 'complete';
  if (person.status === 'started') return 'partial';
  if (person.optedOut) return 'optedOut';
  if (person.bounced) return 'nonContact';
  return 'noAnswer';
}
