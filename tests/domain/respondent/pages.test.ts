import { describe, expect, it } from 'vitest';
import {
  firstFault,
  firstPage,
  nextPage,
  pageForm,
  pageItems,
  parsePage,
  previousPage,
  progress,
  checkPage,
  splitContact,
} from '../../../server/domain/respondent/pages.js';
import { proef } from '../../helpers/proefQuestionnaire.js';

const qn = proef();
// page indexes of the fixture
const START = 0;
const MATRIX = 1;
const STUURGROEP = 2;
const VERDELING = 3;
const CONTACT = 4;

const complete = {
  Q1: 1, Q1_other: null, Q2: 1,
  M1_1: 4, M1_2: 3, M1_3: 5, M2_1: null, M2_2: null,
  Q3_1: 1, Q3_2: 0, Q3_3: 0, Q3_4: 0, Q3_other: null, Q4_1: 'Hoorn', Q4_2: null, Q4_3: null, Q5: 999,
  Q6_a: 50, Q6_b: 50, Q6_c: 0, Q7: null,
  Q9: 0,
};

describe('navigation along the route', () => {
  it('skips a page whose condition does not hold and counts pages on the route only', () => {
    expect(firstPage(qn, {})).toBe(START);
    expect(nextPage(qn, { Q2: 0 }, MATRIX)).toBe(VERDELING);
    expect(nextPage(qn, { Q2: 1 }, MATRIX)).toBe(STUURGROEP);
    expect(previousPage(qn, { Q2: 0 }, VERDELING)).toBe(MATRIX);
    expect(previousPage(qn, {}, START)).toBeUndefined();
    expect(nextPage(qn, {}, CONTACT)).toBeUndefined();
    // the check page is the last step of every route
    expect(progress(qn, { Q2: 0 }, VERDELING)).toEqual({ position: 3, total: 5 });
    expect(progress(qn, { Q2: 1 }, VERDELING)).toEqual({ position: 4, total: 6 });
    expect(progress(qn, { Q2: 1 }, checkPage(qn))).toEqual({ position: 6, total: 6 });
  });
});

describe('what a page shows', () => {
  it('shows questions that depend on the same page, marked as dependent, and hides those that depend on earlier pages', () => {
    const items = pageItems(qn, {}, CONTACT);
    expect(items.map((i) => [i.kind === 'question' ? i.question.code : i.block.id, i.dependent !== null])).toEqual([
      ['Q9', false],
      ['Q10_naam', true],
      ['Q10_email', true],
    ]);
    expect(pageItems(qn, {}, MATRIX).map((i) => i.kind)).toEqual(['text', 'question', 'question']);
  });
  it('fills a page in from stored values', () => {
    expect(pageForm(qn, START, { Q1: 3, Q1_other: 'Zorg', Q2: 0 })).toEqual({ Q1: '3', Q1_other: 'Zorg', Q2: '0' });
  });
});

describe('reading a submitted page', () => {
  it('merges valid answers and keeps the rest of the response', () => {
    const r = parsePage(qn, START, { Q1: '2', Q2: '0' }, { M1_1: 4 }, true);
    expect(r.errors.size).toBe(0);
    expect(r.values).toMatchObject({ Q1: 2, Q2: 0, M1_1: 4 });
  });
  it('reports each faulty question and keeps the stored answer of that question', () => {
    const r = parsePage(qn, START, { Q1: '3', Q2: '1' }, { Q1: 1 }, true);
    expect([...r.errors]).toEqual([['Q1', 'Vul bij “Anders” in wat u bedoelt.']]);
    expect(r.values).toMatchObject({ Q1: 1, Q2: 1 });
  });
  it('does not enforce required questions when going back, but still refuses invalid input', () => {
    const back = parsePage(qn, MATRIX, { M1_1: '2' }, {}, false);
    expect(back.errors.size).toBe(0);
    expect(back.values).toMatchObject({ M1_1: 2, M1_2: null });
    expect(parsePage(qn, MATRIX, { M1_1: '9' }, {}, false).errors.get('M1')).toBeDefined();
  });
  it('drops answers of questions a changed route hides, on later pages too', () => {
    const stored = { ...complete };
    const r = parsePage(qn, START, { Q1: '1', Q2: '0' }, stored, true);
    expect(r.values.Q3_1).toBeUndefined();
    expect(r.values.Q4_1).toBeUndefined();
    expect(r.values.Q5).toBeUndefined();
    expect(r.values.M1_1).toBe(4);
  });
  it('needs a same-page dependent question only when its condition holds', () => {
    const without = parsePage(qn, VERDELING, { Q6_a: '50', Q6_b: '50', Q8: 'weggegooid' }, {}, true);
    expect(without.errors.size).toBe(0);
    expect(without.values.Q8).toBeUndefined();
    const withOther = parsePage(qn, VERDELING, { Q6_a: '50', Q6_c: '50' }, {}, true);
    expect([...withOther.errors.keys()]).toEqual(['Q8']);
  });
  it('ignores errors of hidden questions', () => {
    const r = parsePage(qn, CONTACT, { Q9: '0', Q10_email: 'geen-adres' }, {}, true);
    expect(r.errors.size).toBe(0);
    expect(r.values.Q10_email).toBeUndefined();
  });
});

describe('checking a whole response', () => {
  it('accepts a complete response and points at the first open required question', () => {
    expect(firstFault(qn, complete)).toBeUndefined();
    const { Q5: _dropped, ...withoutQ5 } = complete;
    expect(firstFault(qn, withoutQ5)).toEqual({ page: STUURGROEP, code: 'Q5', error: 'Vul een getal in of kies “Weet niet”.' });
  });
  it('splits contact questions from the answers and leaves out nulls', () => {
    const { answers, contact } = splitContact(qn, { ...complete, Q9: 1, Q10_naam: 'Jan', Q10_email: null, stray: 3 });
    expect(contact).toEqual({ Q9: 1, Q10_naam: 'Jan' });
    expect(answers).not.toHaveProperty('Q9');
    expect(answers).not.toHaveProperty('stray');
    expect(answers).not.toHaveProperty('M2_1');
    expect(answers).toMatchObject({ Q1: 1, M1_3: 5, Q4_1: 'Hoorn' });
  });
});
