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

/** Dutch label, what it means in plain words, and the AAPOR code it corresponds to. */
export const dispositionLabels: Record<Disposition, { label: string; meaning: string; aapor: string }> = {
  complete: { label: 'Volledig ingevuld', meaning: 'heeft de vragenlijst ingevuld en verstuurd', aapor: '1.1' },
  partial: { label: 'Gedeeltelijk ingevuld', meaning: 'is begonnen, maar heeft de vragenlijst niet verstuurd', aapor: '1.2' },
  optedOut: { label: 'Afgemeld (weigering)', meaning: 'heeft zich afgemeld en wilde niet meedoen', aapor: '2.11' },
  nonContact: { label: 'Onbereikbaar (bounce)', meaning: 'de uitnodiging kwam niet aan: het e-mailadres werkt niet', aapor: '3.3' },
  noAnswer: { label: 'Geen reactie', meaning: 'heeft de uitnodiging gekregen, maar niet gereageerd', aapor: '3.19' },
  ineligible: { label: 'Niet tot de doelgroep', meaning: 'hoort niet bij de mensen voor wie de vragenlijst bedoeld is; telt niet mee in de respons', aapor: '4.x' },
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
