import { describe, expect, it } from 'vitest';
import { applicabilityHint } from '../../../server/domain/respondent/conditionText.js';
import { proef } from '../../helpers/proefQuestionnaire.js';

const qn = proef();

describe('when a follow-up question applies, in words', () => {
  it('names the question and the option for choice conditions', () => {
    expect(applicabilityHint(qn, { q: 'Q9', equals: 1 })).toBe('Beantwoord deze vraag alleen als u bij “Wilt u contact?” “Ja” hebt gekozen.');
    expect(applicabilityHint(qn, { q: 'Q3', includes: 3 })).toBe(
      'Beantwoord deze vraag alleen als u bij “Welke partners zitten in de stuurgroep?” “Anders” hebt aangevinkt.',
    );
    expect(applicabilityHint(qn, { q: 'Q1', in: [1, 2] })).toBe('Beantwoord deze vraag alleen als u bij “Welk overleg?” “Jeugd” of “Volwassenen” hebt gekozen.');
  });
  it('describes numeric comparisons and combinations', () => {
    expect(applicabilityHint(qn, { all: [{ q: 'Q5', gte: 10 }, { q: 'Q2', equals: 1 }] })).toBe(
      'Beantwoord deze vraag alleen als u bij “Welk deel van de casussen komt van de politie?” 10 of meer hebt ingevuld en u bij “Zit u ook in de stuurgroep?” “Ja” hebt gekozen.',
    );
  });
  it('falls back to a general hint where words would mislead', () => {
    const general = 'Beantwoord deze vraag alleen als zij van toepassing is op grond van uw antwoord hierboven.';
    expect(applicabilityHint(qn, { not: { q: 'Q9', equals: 1 } })).toBe(general);
    expect(applicabilityHint(qn, { q: 'Q9', equals: 7 })).toBe(general);
    expect(applicabilityHint(qn, { any: [{ q: 'Q9', equals: 1 }] })).toBe(general);
  });
});
