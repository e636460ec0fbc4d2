import { describe, expect, it } from 'vitest';
import { conditionRefs, evaluate } from '../../../server/domain/questionnaire/conditions.js';
import type { Condition } from '../../../server/domain/questionnaire/schema.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { base, questionnaire } from '../../helpers/questionnaire.js';

// Q1 single (3 = weet niet, missing), Q2 yes/no, Q3 number 0-100 (999 = weet niet), Q4 multi (3 = other),
// Q5 open, Q6_1..Q6_3 Likert statements (9 = geen oordeel), Q7_1/Q7_2 constant sum, Q8 list, Q9 e-mail
const q = questionnaire(base());
const holds = (c: Condition, values: Values) => evaluate(q, c, values);

describe('evaluate: equality', () => {
  it('compares a single choice with equals, notEquals and in', () => {
    expect(holds({ q: 'Q1', equals: 2 }, { Q1: 2 })).toBe(true);
    expect(holds({ q: 'Q1', equals: 2 }, { Q1: 1 })).toBe(false);
    expect(holds({ q: 'Q1', notEquals: 2 }, { Q1: 1 })).toBe(true);
    expect(holds({ q: 'Q1', notEquals: 2 }, { Q1: 2 })).toBe(false);
    expect(holds({ q: 'Q1', in: [1, 3] }, { Q1: 3 })).toBe(true);
    expect(holds({ q: 'Q1', in: [1, 3] }, { Q1: 2 })).toBe(false);
  });

  it('treats an unanswered question as satisfying only notEquals', () => {
    for (const values of [{}, { Q1: null }] as Values[]) {
      expect(holds({ q: 'Q1', equals: 1 }, values)).toBe(false);
      expect(holds({ q: 'Q1', in: [1, 2, 3] }, values)).toBe(false);
      expect(holds({ q: 'Q1', notEquals: 1 }, values)).toBe(true);
      expect(holds({ q: 'Q3', gte: 0 }, values)).toBe(false);
      expect(holds({ q: 'Q3', lte: 100 }, values)).toBe(false);
    }
  });

  it('matches a declared missing code by equality (asking who said "weet niet" is legitimate)', () => {
    expect(holds({ q: 'Q3', equals: 999 }, { Q3: 999 })).toBe(true);
    expect(holds({ q: 'Q1', equals: 3 }, { Q1: 3 })).toBe(true);
  });

  it('compares text answers as strings and never equal to numbers', () => {
    expect(holds({ q: 'Q5', equals: 'geen' }, { Q5: 'geen' })).toBe(true);
    expect(holds({ q: 'Q5', equals: 1 }, { Q5: '1' })).toBe(false);
  });
});

describe('evaluate: numeric comparisons', () => {
  it('compares numbers with gt, gte, lt and lte', () => {
    expect(holds({ q: 'Q3', gt: 50 }, { Q3: 51 })).toBe(true);
    expect(holds({ q: 'Q3', gt: 50 }, { Q3: 50 })).toBe(false);
    expect(holds({ q: 'Q3', gte: 50 }, { Q3: 50 })).toBe(true);
    expect(holds({ q: 'Q3', lt: 50 }, { Q3: 49.5 })).toBe(true);
    expect(holds({ q: 'Q3', lt: 50 }, { Q3: 50 })).toBe(false);
    expect(holds({ q: 'Q3', lte: 50 }, { Q3: 50 })).toBe(true);
  });

  it('ignores the declared missing code of a number question ("weet niet" = 999 is not greater than 50)', () => {
    expect(holds({ q: 'Q3', gt: 50 }, { Q3: 999 })).toBe(false);
    expect(holds({ q: 'Q3', lt: 1000 }, { Q3: 999 })).toBe(false);
  });

  it('ignores the missing option of a single choice and the missing column of a Likert statement', () => {
    expect(holds({ q: 'Q1', gte: 2 }, { Q1: 3 })).toBe(false);
    expect(holds({ q: 'Q1', gte: 2 }, { Q1: 2 })).toBe(true);
    expect(holds({ q: 'Q6_1', gte: 3 }, { Q6_1: 9 })).toBe(false);
    expect(holds({ q: 'Q6_1', gte: 3 }, { Q6_1: 4 })).toBe(true);
  });

  it('compares constant-sum items as numbers', () => {
    expect(holds({ q: 'Q7_2', gt: 0 }, { Q7_1: 90, Q7_2: 10 })).toBe(true);
    expect(holds({ q: 'Q7_2', gt: 0 }, { Q7_1: 100, Q7_2: 0 })).toBe(false);
  });

  it('never holds for a text answer', () => {
    expect(holds({ q: 'Q5', gt: 0 }, { Q5: '5' })).toBe(false);
  });
});

describe('evaluate: multiple choice and answered', () => {
  it('tests one option of a multiple choice with includes', () => {
    expect(holds({ q: 'Q4', includes: 2 }, { Q4_1: 0, Q4_2: 1 })).toBe(true);
    expect(holds({ q: 'Q4', includes: 2 }, { Q4_1: 1, Q4_2: 0 })).toBe(false);
    expect(holds({ q: 'Q4', includes: 2 }, {})).toBe(false);
  });

  it('counts a question answered when any of its variables holds a value', () => {
    expect(holds({ q: 'Q4', answered: true }, { Q4_3: 0 })).toBe(true);
    expect(holds({ q: 'Q4', answered: true }, { Q4_other: 'x' })).toBe(true);
    expect(holds({ q: 'Q4', answered: false }, { Q4_1: null })).toBe(true);
    expect(holds({ q: 'Q6', answered: true }, { Q6_3: 9 })).toBe(true);
    expect(holds({ q: 'Q8', answered: true }, { Q8_2: 'Halt' })).toBe(true);
    expect(holds({ q: 'Q8', answered: false }, {})).toBe(true);
    expect(holds({ q: 'Q6_1', answered: true }, { Q6_1: 2 })).toBe(true);
    expect(holds({ q: 'Q6_1', answered: true }, { Q6_2: 2 })).toBe(false);
  });
});

describe('evaluate: all, any, not', () => {
  const c: Condition = { all: [{ q: 'Q2', equals: 1 }, { any: [{ q: 'Q1', equals: 1 }, { not: { q: 'Q4', includes: 4 } }] }] };

  it('combines conditions', () => {
    expect(holds(c, { Q2: 1, Q1: 1, Q4_4: 1 })).toBe(true);
    expect(holds(c, { Q2: 1, Q1: 2, Q4_4: 0 })).toBe(true);
    expect(holds(c, { Q2: 1, Q1: 2, Q4_4: 1 })).toBe(false);
    expect(holds(c, { Q2: 0, Q1: 1 })).toBe(false);
  });

  it('lists the codes a condition refers to', () => {
    expect(conditionRefs(c)).toEqual(['Q2', 'Q1', 'Q4']);
  });
});
