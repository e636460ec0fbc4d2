import { describe, expect, it } from 'vitest';
import { answerSheet } from '../../../server/domain/respondent/answerSheet.js';
import { proef } from '../../helpers/proefQuestionnaire.js';

describe('a response read back in words', () => {
  it('gives every question type its answer as the respondent chose or typed it, page by page along the route', () => {
    const q = proef();
    const sheet = answerSheet(q, {
      Q1: 3, Q1_other: 'Zorgoverleg', Q2: 1,
      M1_1: 4, M1_2: 5, M1_3: 1, M2_1: 2,
      Q3_1: 1, Q3_2: 0, Q3_3: 1, Q3_4: 0, Q3_other: 'Woningcorporatie', Q4_1: 'Hoorn', Q4_2: 'Enkhuizen', Q5: 999,
      Q6_a: 50, Q6_b: 30.5, Q6_c: 19.5, Q8: 'Reistijd',
      Q9: 0,
    });
    const lines = sheet.flatMap((p) => p.questions.map((x) => [x.code, x.lines.map((l) => (l.label ? `${l.label}: ${l.text ?? '–'}` : l.text)).join(' | ')]));
    expect(Object.fromEntries(lines)).toEqual({
      Q1: 'Anders: Zorgoverleg',
      Q2: 'Ja',
      M1: 'Het doel is duidelijk: volledig | De agenda is helder: geen oordeel | Informatie wordt gedeeld: helemaal niet',
      M2: 'Afspraken worden nagekomen: enigszins | Er is terugkoppeling: –',
      Q3: 'Politie | Anders: Woningcorporatie',
      Q4: 'Hoorn | Enkhuizen',
      Q5: 'Weet niet',
      Q6: 'Voorbereiding: 50 % | Overleg: 30,5 % | Overig: 19,5 %',
      Q8: 'Reistijd',
      Q7: '',
      Q9: 'Nee',
    });
    expect(sheet.map((p) => p.title)).toEqual(['Over u', 'Oordeel', 'Stuurgroep', 'Verdeling', 'Contact']);
    // the contact details were not asked (Q9 = nee): not on the sheet
    expect(lines.some(([code]) => code === 'Q10_naam')).toBe(false);
  });
});
