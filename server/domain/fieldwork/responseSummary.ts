/**
 * The response of a wave in plain Dutch, for the summary at the top of the results page and the
 * printed report: how many people were asked and answered, the AAPOR response rate said in words
 * (what counts in the numerator and the denominator), and why there can be more completed
 * questionnaires than people.
 */
import { formatCount, formatFraction } from '../format/nl.js';
import type { WaveRates } from './responseRates.js';

export type ResponseFacts = Pick<WaveRates, 'invited' | 'ineligible' | 'eligible' | 'completePersons' | 'partialPersons' | 'responses' | 'rr1' | 'rr2'>;

/** "1 ingevulde vragenlijst", "76 ingevulde vragenlijsten". */
export function completedQuestionnaires(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'ingevulde vragenlijst' : 'ingevulde vragenlijsten'}`;
}

/** The response in sentences; `rates` is null when the wave has no participant list (an open link only). */
export function responseSentences(rates: ResponseFacts | null, responses: number): string[] {
  if (!rates || rates.invited === 0) {
    return [
      `${completedQuestionnaires(responses)}. De vragenlijst is via een open link verspreid: hoeveel mensen de link kregen is niet bekend, dus een responspercentage is niet te berekenen.`,
    ];
  }
  const out = [
    `Respons ${formatFraction(rates.rr1)}: van de ${formatCount(rates.eligible)} uitgenodigde personen die tot de doelgroep horen, vulden er ${formatCount(rates.completePersons)} de vragenlijst volledig in.` +
      (rates.ineligible > 0
        ? ` Van de ${formatCount(rates.invited)} uitgenodigden bleken er ${formatCount(rates.ineligible)} niet tot de doelgroep te horen; zij tellen niet mee.`
        : ''),
    'Dit is responspercentage RR1 volgens de internationale standaard van de AAPOR: volledig ingevuld, gedeeld door iedereen uit de doelgroep die een uitnodiging kreeg, ook wie niet reageerde, zich afmeldde of niet bereikbaar was.' +
      (rates.partialPersons > 0
        ? ` Tellen ook de ${formatCount(rates.partialPersons)} personen mee die de vragenlijst gedeeltelijk invulden, dan is de respons ${formatFraction(rates.rr2)} (RR2).`
        : ''),
  ];
  if (rates.responses > rates.completePersons)
    out.push(
      `Sommige personen vulden de vragenlijst voor meer dan één overleg in: er zijn ${completedQuestionnaires(rates.responses)}. De resultaten hieronder gaan over die ${formatCount(rates.responses)}; het responspercentage telt personen.`,
    );
  return out;
}
