/** The response of a wave in plain Dutch: numerator and denominator of the AAPOR rate in words. */
import { describe, expect, it } from 'vitest';
import { responseSentences } from '../../../server/domain/fieldwork/responseSummary.js';

describe('responseSentences', () => {
  it('says RR1 in words, with the ineligible left out, RR2 and why there are more questionnaires than persons', () => {
    const lines = responseSentences({ invited: 165, ineligible: 13, eligible: 152, completePersons: 73, partialPersons: 4, responses: 76, rr1: 73 / 152, rr2: 77 / 152 }, 76);
    expect(lines[0]).toBe(
      'Respons 48,0 %: van de 152 uitgenodigde personen die tot de doelgroep horen, vulden er 73 de vragenlijst volledig in. Van de 165 uitgenodigden bleken er 13 niet tot de doelgroep te horen; zij tellen niet mee.',
    );
    expect(lines[1]).toContain('volledig ingevuld, gedeeld door iedereen uit de doelgroep die een uitnodiging kreeg, ook wie niet reageerde, zich afmeldde of niet bereikbaar was');
    expect(lines[1]).toContain('dan is de respons 50,7 % (RR2)');
    expect(lines[2]).toContain('er zijn 76 ingevulde vragenlijsten');
  });

  it('gives no rate for an open link, where nobody knows how many were asked', () => {
    expect(responseSentences(null, 1)).toEqual([
      '1 ingevulde vragenlijst. De vragenlijst is via een open link verspreid: hoeveel mensen de link kregen is niet bekend, dus een responspercentage is niet te berekenen.',
    ]);
  });
});
