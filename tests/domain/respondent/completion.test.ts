import { describe, expect, it } from 'vitest';
import { aspectsScored, completionRuleText, isComplete } from '../../../server/domain/respondent/completion.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { base, checkedQuestionnaire, instrument } from '../../helpers/questionnaire.js';

/** The Stappenmeter's statements, aspect by aspect. */
const stappenmeter = instrument('stappenmeter-doelbereik');

/** Answers scoring the first `n` aspects (each with exactly its minimum of answered statements). */
function scoring(n: number): Values {
  const values: Values = { Q2: 1, Q3: 4, Q63: 2 };
  for (const aspect of stappenmeter.aspects.slice(0, n)) for (const code of aspect.items.slice(0, aspect.minAnswered)) values[code] = 3;
  return values;
}

describe('the Stappenmeter counts a response as complete when at least 4 of its 7 aspects have a score', () => {
  it('is declared in the instrument', () => {
    expect(stappenmeter.completion).toEqual({ minAspectsScored: 4 });
    expect(completionRuleText(stappenmeter)).toBe(
      'een verstuurde vragenlijst telt als volledig ingevuld als minstens 4 van de 7 aspecten een score hebben; anders als gedeeltelijk ingevuld',
    );
  });

  it('counts 0 of 48 statements as partial, 3 scored aspects as partial and 4 as complete', () => {
    expect(isComplete(stappenmeter, { Q2: 1, Q3: 4, Q63: 2 })).toBe(false);
    expect(aspectsScored(stappenmeter, scoring(3))).toBe(3);
    expect(isComplete(stappenmeter, scoring(3))).toBe(false);
    expect(aspectsScored(stappenmeter, scoring(4))).toBe(4);
    expect(isComplete(stappenmeter, scoring(4))).toBe(true);
  });

  it('scores an aspect as the analysis does: one statement short of its minimum, or "geen oordeel", is no score', () => {
    const informatiedeling = stappenmeter.aspects.find((a) => a.id === 'informatiedeling')!;
    expect(informatiedeling.minAnswered).toBe(3);
    expect(aspectsScored(stappenmeter, { Q16_1: 2, Q16_2: 2 })).toBe(0);
    expect(aspectsScored(stappenmeter, { Q16_1: 2, Q16_2: 2, Q17_1: 5 })).toBe(0);
    expect(aspectsScored(stappenmeter, { Q16_1: 2, Q16_2: 2, Q17_1: 4 })).toBe(1);
  });
});

describe('a rule on answered questions', () => {
  const q = checkedQuestionnaire({ ...base(), completion: { minAnswered: { items: ['Q1', 'Q3', 'Q4', 'Q6_1'], count: 3 } } });

  it('counts a declared missing answer and an answered part of a question as answered', () => {
    expect(isComplete(q, { Q1: 3, Q3: 999 })).toBe(false);
    expect(isComplete(q, { Q1: 3, Q3: 999, Q4_1: 0, Q4_2: 1, Q4_3: 0, Q4_4: 0 })).toBe(true);
    expect(isComplete(q, { Q1: 1, Q6_1: 9, Q5: 'tekst' })).toBe(false);
    expect(isComplete(q, { Q1: 1, Q6_1: 9, Q3: 12 })).toBe(true);
  });

  it('treats every sent response as complete without a rule', () => {
    expect(isComplete(checkedQuestionnaire(base()), {})).toBe(true);
  });
});
