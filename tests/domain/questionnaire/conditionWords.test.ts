import { describe, expect, it } from 'vitest';
import { answerOnlyIf, codeReference, conditionInWords, numberedReference, questionNumbers } from '../../../server/domain/questionnaire/conditionWords.js';
import { proef } from '../../helpers/proefQuestionnaire.js';
import { instrument } from '../../helpers/questionnaire.js';

const qn = proef();

describe('conditions in words', () => {
  it('numbers the questions in the order they are asked (text blocks are not numbered)', () => {
    expect([...questionNumbers(qn)]).toEqual([
      ['Q1', 1],
      ['Q2', 2],
      ['M1', 3],
      ['M2', 4],
      ['Q3', 5],
      ['Q4', 6],
      ['Q5', 7],
      ['Q6', 8],
      ['Q8', 9],
      ['Q7', 10],
      ['Q9', 11],
      ['Q10_naam', 12],
      ['Q10_email', 13],
    ]);
  });

  it('says every comparison, naming options by their label and statements or items by their text', () => {
    const words = (c: Parameters<typeof conditionInWords>[1]) => conditionInWords(qn, c);
    expect(words({ q: 'Q2', equals: 1 })).toBe('u bij vraag 2 ‘Ja’ koos');
    expect(words({ q: 'Q1', notEquals: 3 })).toBe('u bij vraag 1 niet ‘Anders’ koos (of de vraag oversloeg)');
    expect(words({ q: 'Q1', in: [1, 2] })).toBe('u bij vraag 1 ‘Jeugd’ of ‘Volwassenen’ koos');
    expect(words({ q: 'Q3', includes: 4 })).toBe('u bij vraag 5 ‘Geen vaste partners’ aanvinkte');
    expect(words({ q: 'Q5', gt: 50 })).toBe('u bij vraag 7 meer dan 50 invulde');
    expect(words({ q: 'Q5', gte: 12.5 })).toBe('u bij vraag 7 12,5 of meer invulde');
    expect(words({ q: 'Q5', lt: 10 })).toBe('u bij vraag 7 minder dan 10 invulde');
    expect(words({ q: 'Q5', lte: 10 })).toBe('u bij vraag 7 10 of minder invulde');
    expect(words({ q: 'Q4', answered: true })).toBe('u vraag 6 beantwoordde');
    expect(words({ q: 'Q4', answered: false })).toBe('u vraag 6 niet beantwoordde');
    expect(words({ q: 'Q6_c', gt: 0 })).toBe('u bij ‘Verdeel uw tijd: Overig (%)’ van vraag 8 meer dan 0 invulde');
    expect(words({ q: 'M1_2', equals: 4 })).toBe('u bij ‘De agenda is helder’ van vraag 3 ‘volledig’ koos');
  });

  it('joins with en and of, brackets nested groups, and says not', () => {
    expect(conditionInWords(qn, { all: [{ q: 'Q2', equals: 1 }, { any: [{ q: 'Q1', equals: 1 }, { q: 'Q5', gte: 10 }] }] })).toBe(
      'u bij vraag 2 ‘Ja’ koos en (u bij vraag 1 ‘Jeugd’ koos of u bij vraag 7 10 of meer invulde)',
    );
    expect(conditionInWords(qn, { not: { q: 'Q9', equals: 1 } })).toBe('het niet zo is dat u bij vraag 11 ‘Ja’ koos');
  });

  it('writes the printed instruction, by number or by code', () => {
    expect(answerOnlyIf(qn, 'Q8', { q: 'Q6_c', gt: 0 })).toBe('Beantwoord vraag 9 alleen als u bij ‘Verdeel uw tijd: Overig (%)’ van vraag 8 meer dan 0 invulde.');
    expect(answerOnlyIf(qn, 'Q10_naam', { q: 'Q9', equals: 1 }, codeReference)).toBe('Beantwoord Q10_naam alleen als u bij Q9 ‘Ja’ koos.');
  });

  it('reads the routing of the breedtescan as its report describes it', () => {
    const q = instrument('breedtescan-ketenmanagers');
    const ref = numberedReference(q);
    expect(ref('Q3')).toBe('vraag 3');
    const Q3 = q.pages.flatMap((p) => p.blocks).find((b) => 'code' in b && b.code === 'Q3')!;
    expect(answerOnlyIf(q, 'Q3', Q3.showIf!)).toBe('Beantwoord vraag 3 alleen als u bij vraag 2 ‘Ja’ koos.');
  });
});
