import { describe, expect, it } from 'vitest';
import { lint, type LintFault } from '../../../server/domain/questionnaire/lint.js';
import { base, file, type Raw } from '../../helpers/questionnaire.js';

/**
 * Paths in base(): pages[0] "achtergrond" = [0] text intro, [1] Q1 single, [2] Q2 yes/no, [3] Q3 number,
 * [4] Q4 multi, [5] Q5 open; pages[1] "oordeel" = [0] Q6 Likert, [1] Q7 constant sum;
 * pages[2] "slot" = [0] Q8 list, [1] Q9 e-mail.
 */
function faults(raw: Raw): LintFault[] {
  return lint(file(raw));
}

/** Exactly one fault, at exactly this path, with a message containing `message`. */
function expectOnly(raw: Raw, path: string, message: string): void {
  expect(faults(raw)).toEqual([{ path, message: expect.stringContaining(message) }]);
}

function withBlock(raw: Raw, page: number, block: Record<string, unknown>): Raw {
  raw.pages[page]!.blocks.push(block);
  return raw;
}

const open = (code: string, showIf?: unknown) => ({ type: 'open', code, text: `Vraag ${code}`, ...(showIf ? { showIf } : {}) });

describe('lint: the base questionnaire', () => {
  it('has no faults', () => {
    expect(faults(base())).toEqual([]);
  });
});

describe('lint: codes are unique, generated variable codes included', () => {
  it('finds two questions with one code, naming the code and the first use', () => {
    const raw = withBlock(base(), 2, open('Q1'));
    expectOnly(raw, 'pages[2].blocks[2].code', 'duplicate code "Q1" (question Q1): also question Q1 at pages[0].blocks[1].code');
  });

  it('finds a statement that has the code of a question', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.statements[1].code = 'Q5';
    raw.aspects[0]!.items = ['Q6_1', 'Q6_3'];
    expectOnly(raw, 'pages[1].blocks[0].statements[1].code', 'duplicate code "Q5" (a statement of Likert matrix Q6): also question Q5');
  });

  it('finds a statement colliding with the variable a multiple-choice option generates (Q4 option 1 → Q4_1)', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.statements[0].code = 'Q4_1';
    raw.aspects[0]!.items[0] = 'Q4_1';
    expectOnly(raw, 'pages[1].blocks[0].statements[0].code', 'also the variable for option 1 of Q4 at pages[0].blocks[4].options[0].value');
  });

  it('points at the option when the generated variable comes second', () => {
    const raw = base();
    raw.pages[0]!.blocks.splice(1, 0, { type: 'open', code: 'Q4_2', text: 'Eerder' });
    expectOnly(raw, 'pages[0].blocks[5].options[1].value', 'duplicate code "Q4_2" (the variable for option 2 of Q4): also question Q4_2 at pages[0].blocks[1].code');
  });

  it('finds a question colliding with the "other" text variable of a choice question', () => {
    const raw = withBlock(base(), 2, open('Q4_other'));
    expectOnly(raw, 'pages[2].blocks[2].code', 'also the "other" text of Q4 at pages[0].blocks[4].options[2].other');
  });

  it('finds a question colliding with a list entry variable', () => {
    const raw = base();
    raw.pages[2]!.blocks.unshift(open('Q8_2'));
    expectOnly(raw, 'pages[2].blocks[1].maxEntries', 'duplicate code "Q8_2" (the variable for entry 2 of list question Q8)');
  });

  it('finds codes that differ only in case (exports and SPSS do not tell them apart)', () => {
    const raw = withBlock(base(), 2, open('q5'));
    expectOnly(raw, 'pages[2].blocks[2].code', 'code "q5" (question q5) differs only in case from "Q5"');
  });

  it('finds a text block id that is also a question code', () => {
    const raw = withBlock(base(), 1, { type: 'text', id: 'Q3', text: 'Tekst' });
    expectOnly(raw, 'pages[1].blocks[2].id', 'duplicate code "Q3" (a text block)');
  });

  it('finds two constant-sum items with one code', () => {
    const raw = base();
    raw.pages[1]!.blocks[1]!.items[1].code = 'Q7_1';
    expectOnly(raw, 'pages[1].blocks[1].items[1].code', 'duplicate code "Q7_1" (an item of constant-sum question Q7): also an item of constant-sum question Q7');
  });

  it('finds two pages with one id', () => {
    const raw = base();
    raw.pages[2]!.id = 'achtergrond';
    expectOnly(raw, 'pages[2].id', 'duplicate page id "achtergrond": also pages[0].id');
  });
});

describe('lint: options', () => {
  it('finds an option value used twice within a question', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options[2].value = 2;
    expectOnly(raw, 'pages[0].blocks[1].options[2].value', 'option value 2 is used twice (also pages[0].blocks[1].options[1])');
  });

  it('finds a second "other" option', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.options[1].other = true;
    expectOnly(raw, 'pages[0].blocks[4].options[2].other', 'only one option can ask for an "other" text; pages[0].blocks[4].options[1] already does');
  });

  it('allows exclusive options only on multiple choice', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options[2].exclusive = true;
    expectOnly(raw, 'pages[0].blocks[1].options[2].exclusive', 'only a multiple-choice option can be exclusive');
  });

  it('allows "other" only on single and multiple choice (not on an answer scale)', () => {
    const raw = base();
    raw.answerScales.eens![3]!.other = true;
    expectOnly(raw, 'answerScales.eens[3].other', 'only a single- or multiple-choice option can ask for an "other" text');
  });

  it('finds an otherLabel without "other"', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options[0].otherLabel = 'namelijk';
    expectOnly(raw, 'pages[0].blocks[1].options[0].otherLabel', 'no effect without "other": true');
  });

  it('finds a declared missing value among multiple-choice options', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.options[3].missing = true;
    expectOnly(raw, 'pages[0].blocks[4].options[3].missing', 'cannot be a declared missing value');
  });
});

describe('lint: question settings', () => {
  it('finds multiple choice with min > max', () => {
    const raw = base();
    Object.assign(raw.pages[0]!.blocks[4]!, { min: 3, max: 2 });
    expect(faults(raw)).toEqual([
      { path: 'pages[0].blocks[4].min', message: 'min 3 is greater than max 2' },
      { path: 'pages[0].blocks[4].min', message: 'with min 3 the exclusive option 4 (options[3]) can never be chosen' },
    ]);
  });

  it('finds multiple choice with max above the number of options', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.max = 5;
    expectOnly(raw, 'pages[0].blocks[4].max', 'max 5 is more than the 4 options');
  });

  it('finds a minimum that makes the exclusive option unselectable', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.min = 2;
    expectOnly(raw, 'pages[0].blocks[4].min', 'with min 2 the exclusive option 4 (options[3]) can never be chosen');
  });

  it('finds a number question with min > max', () => {
    const raw = base();
    Object.assign(raw.pages[0]!.blocks[3]!, { min: 10, max: 5, dontKnow: undefined });
    expectOnly(raw, 'pages[0].blocks[3].min', 'min 10 is greater than max 5');
  });

  it('finds a "weet niet" code inside the answer range', () => {
    const raw = base();
    raw.pages[0]!.blocks[3]!.dontKnow.value = 99;
    expectOnly(raw, 'pages[0].blocks[3].dontKnow.value', 'the "don\'t know" code 99 lies inside the answer range (0 to 100)');
  });

  it('finds a "weet niet" code on a number question without bounds', () => {
    const raw = base();
    Object.assign(raw.pages[0]!.blocks[3]!, { min: undefined, max: undefined });
    expectOnly(raw, 'pages[0].blocks[3].dontKnow.value', 'inside the answer range (any number)');
  });

  it('finds a Likert scale name that answerScales does not have', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.scale = 'eenss';
    raw.aspects = [];
    expectOnly(raw, 'pages[1].blocks[0].scale', 'unknown answer scale "eenss" (answerScales has: "eens")');
  });

  it('finds a missing column whose value is also a scale value', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.missing[0].value = 4;
    expectOnly(raw, 'pages[1].blocks[0].missing[0].value', 'missing value 4 is also a scale value (answerScales.eens[3])');
  });

  it('finds a reverse-keyed statement on a scale that is not symmetric', () => {
    const raw = base();
    raw.answerScales.eens![3]!.value = 5;
    expectOnly(raw, 'pages[1].blocks[0].statements[2].reverse', 'cannot reverse on scale 1, 2, 3, 5');
  });

  it('finds a Likert scale with fewer than two substantive points', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.scale = [
      { value: 1, label: 'eens' },
      { value: 8, label: 'weet niet', missing: true },
    ];
    raw.aspects = [];
    expectOnly(raw, 'pages[1].blocks[0].scale', 'needs at least two points that are not missing values');
  });

  it('finds a list that asks for more entries than it allows', () => {
    const raw = base();
    raw.pages[2]!.blocks[0]!.minEntries = 4;
    expectOnly(raw, 'pages[2].blocks[0].minEntries', 'minEntries 4 is more than maxEntries 3');
  });

  it('finds a constant sum of whole numbers that cannot reach its total', () => {
    const raw = base();
    raw.pages[1]!.blocks[1]!.total = 99.5;
    expectOnly(raw, 'pages[1].blocks[1].total', 'whole-number items can never add up to 99.5');
    raw.pages[1]!.blocks[1]!.integer = false;
    expect(faults(raw)).toEqual([]);
  });
});

describe('lint: conditions', () => {
  it('finds a condition on a code that does not exist, with the exact message', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q99', equals: 1 }));
    expect(faults(raw)).toEqual([{ path: 'pages[2].blocks[2].showIf', message: 'refers to "Q99", which does not exist' }]);
  });

  it('finds a condition on a question on a later page', () => {
    const raw = base();
    raw.pages[0]!.blocks[5]!.showIf = { q: 'Q8', answered: true };
    expectOnly(raw, 'pages[0].blocks[5].showIf', 'refers to Q8, which comes later (pages[2].blocks[0] on page "slot")');
  });

  it('finds a condition on a question after it on the same page', () => {
    const raw = base();
    raw.pages[0]!.blocks[2]!.showIf = { q: 'Q3', gt: 5 };
    expectOnly(raw, 'pages[0].blocks[2].showIf', 'refers to Q3, which comes after it on the same page (pages[0].blocks[3])');
  });

  it('allows a condition on an earlier question on the same page', () => {
    const raw = base();
    raw.pages[0]!.blocks[5]!.showIf = { q: 'Q2', equals: 1 };
    expect(faults(raw)).toEqual([]);
  });

  it('finds a question conditional on itself', () => {
    const raw = base();
    raw.pages[0]!.blocks[5]!.showIf = { q: 'Q5', answered: true };
    expectOnly(raw, 'pages[0].blocks[5].showIf', 'refers to its own question Q5');
  });

  it('finds a page condition on a question of the same page', () => {
    const raw = base();
    raw.pages[1]!.showIf = { q: 'Q7_1', gt: 0 };
    expectOnly(raw, 'pages[1].showIf', 'refers to Q7_1, which is on this page; a page can only depend on earlier pages');
  });

  it('finds "includes" on a question that is not multiple choice', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q1', includes: 1 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf', '"includes" only applies to a multiple-choice question; Q1 is a single-choice question');
  });

  it('finds "equals" and "in" on multiple choice', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q4', equals: 1 }, { q: 'Q4', in: [1, 2] }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0]', message: expect.stringContaining('uses "equals" on multiple-choice question Q4; use "includes"') },
      { path: 'pages[2].blocks[2].showIf.any[1]', message: expect.stringContaining('uses "in" on multiple-choice question Q4') },
    ]);
  });

  it('finds "includes" of an option the question does not have', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q4', includes: 7 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.includes', 'Q4 has no option 7 (options: 1, 2, 3, 4)');
  });

  it('finds a numeric comparison on a text question', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q5', gte: 3 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.gte', 'a numeric comparison on open question Q5, whose answers are text');
  });

  it('finds a text question compared with a number', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q4_other', equals: 3 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.equals', 'compares Q4_other (the "other" text of Q4), whose answers are text, with the number 3');
  });

  it('finds a comparison with a value that is not an option code, pointing at the value', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q1', equals: 4 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.equals', '4 is not an option of single-choice question Q1 (options: 1, 2, 3)');
  });

  it('points at the offending element of an "in" list inside nested conditions', () => {
    const raw = withBlock(base(), 2, open('Q10', { all: [{ q: 'Q2', equals: 1 }, { not: { q: 'Q1', in: [1, 5] } }] }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.all[1].not.in[1]', '5 is not an option of single-choice question Q1');
  });

  it('finds yes/no compared with anything but 1 and 0', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q2', notEquals: 2 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.notEquals', '2 is not an option of yes/no question Q2 (options: 1, 0)');
  });

  it('finds a Likert statement compared with a value that is not on its scale or a missing column', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q6_1', equals: 5 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.equals', '5 is not an option of Q6_1 (a statement of Likert matrix Q6) (options: 1, 2, 3, 4, 9)');
  });

  it('finds a number question compared with text or with a value outside its range', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q3', equals: 'tien' }, { q: 'Q3', equals: 150 }, { q: 'Q3', equals: 999 }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0].equals', message: 'compares number question Q3, whose answers are numbers, with the text "tien"' },
      { path: 'pages[2].blocks[2].showIf.any[1].equals', message: '150 is not a possible answer to number question Q3 (answers: whole numbers, 0 to 100, or 999)' },
    ]);
  });

  it('finds a numeric comparison no answer can satisfy (declared missing codes never count)', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q3', gt: 100 }, { q: 'Q1', gte: 3 }, { q: 'Q7_2', lt: 0 }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0].gt', message: expect.stringContaining('no answer to number question Q3 can be greater than 100') },
      { path: 'pages[2].blocks[2].showIf.any[1].gte', message: expect.stringContaining('no answer to single-choice question Q1 can be at least 3') },
      { path: 'pages[2].blocks[2].showIf.any[2].lt', message: expect.stringContaining('no answer to Q7_2 (an item of constant-sum question Q7) can be less than 0') },
    ]);
  });

  it('finds a comparison on a Likert matrix, a list or a constant sum as a whole, except "answered"', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q6', equals: 1 }, { q: 'Q7', gt: 50 }, { q: 'Q6', answered: true }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0]', message: expect.stringContaining('Q6 is a Likert matrix, which has no single answer to compare; refer to one of its statements (e.g. Q6_1)') },
      { path: 'pages[2].blocks[2].showIf.any[1]', message: expect.stringContaining('Q7 is a constant-sum question') },
    ]);
  });

  it('accepts conditions on statements, sum items, option variables and texts of earlier questions', () => {
    const raw = withBlock(
      base(),
      2,
      open('Q10', {
        any: [
          { q: 'Q6_1', gte: 3 },
          { q: 'Q7_2', gt: 0 },
          { q: 'Q4_3', equals: 1 },
          { q: 'Q4', includes: 4 },
          { q: 'Q5', equals: 'geen' },
          { q: 'Q3', equals: 999 },
          { q: 'Q1', in: [1, 2] },
          { not: { q: 'Q2', equals: 0 } },
          { q: 'Q8', answered: false },
        ],
      }),
    );
    expect(faults(raw)).toEqual([]);
  });
});

describe('lint: aspects', () => {
  it('finds an item that does not exist', () => {
    const raw = base();
    raw.aspects[0]!.items.push('Q99');
    expectOnly(raw, 'aspects[0].items[3]', 'refers to "Q99", which does not exist');
  });

  it('finds an item that is not a Likert statement', () => {
    const raw = base();
    raw.aspects.push({ id: 'verdeling', label: 'Verdeling', items: ['Q7_1', 'Q1'] });
    expect(faults(raw)).toEqual([
      { path: 'aspects[1].items[0]', message: '"Q7_1" is an item of constant-sum question Q7, not a Likert statement' },
      { path: 'aspects[1].items[1]', message: '"Q1" is a single-choice question, not a Likert statement' },
    ]);
  });

  it('finds a Likert matrix listed instead of its statements', () => {
    const raw = base();
    raw.aspects[0]!.items = ['Q6'];
    expectOnly(raw, 'aspects[0].items[0]', '"Q6" is a Likert matrix; list its statements (Q6_1, Q6_2, Q6_3) instead');
  });

  it('finds an item in two aspects', () => {
    const raw = base();
    raw.aspects.push({ id: 'tweede', label: 'Tweede', items: ['Q6_3', 'Q6_2'] });
    raw.aspects[0]!.items = ['Q6_1', 'Q6_2'];
    expectOnly(raw, 'aspects[1].items[1]', '"Q6_2" is already in aspect "oordeel" (aspects[0].items[1])');
  });

  it('finds an item listed twice in one aspect', () => {
    const raw = base();
    raw.aspects[0]!.items.push('Q6_1');
    expectOnly(raw, 'aspects[0].items[3]', '"Q6_1" is listed twice in this aspect (also items[0])');
  });

  it('finds minAnswered above the number of items', () => {
    const raw = base();
    raw.aspects[0]!.minAnswered = 4;
    expectOnly(raw, 'aspects[0].minAnswered', 'minAnswered 4 is more than the 3 items of this aspect');
  });

  it('finds two aspects with one id', () => {
    const raw = base();
    raw.aspects[0]!.items = ['Q6_1'];
    raw.aspects.push({ id: 'oordeel', label: 'Nog eens', items: ['Q6_2'] });
    expectOnly(raw, 'aspects[1].id', 'duplicate aspect id "oordeel": also aspects[0].id');
  });

  it('finds items on different scales in one aspect (an aspect score averages them)', () => {
    const raw = withBlock(base(), 1, {
      type: 'likert',
      code: 'Q10',
      scale: [...[1, 2, 3, 4, 5].map((value) => ({ value, label: `${value}` }))],
      statements: [{ code: 'Q10_1', text: 'Vijf punten' }],
    });
    raw.aspects[0]!.items.push('Q10_1');
    expectOnly(raw, 'aspects[0].items[3]', '"Q10_1" is answered on a different scale (1, 2, 3, 4, 5) than "Q6_1" (1, 2, 3, 4, items[0])');
  });
});

describe('lint: background variables', () => {
  it('finds a background variable on a question that does not exist', () => {
    const raw = base();
    raw.background[1]!.question = 'Q99';
    expectOnly(raw, 'background[1].question', 'refers to "Q99", which does not exist');
  });

  it('finds a background variable on a question of the wrong type', () => {
    const raw = base();
    raw.background[1]!.question = 'Q4';
    expectOnly(raw, 'background[1].question', 'Q4 is a multiple-choice question; a background variable needs a single-choice, yes/no or number question');
  });

  it('finds a background variable on a statement', () => {
    const raw = base();
    raw.background[1]!.question = 'Q6_1';
    expectOnly(raw, 'background[1].question', '"Q6_1" is a statement of Likert matrix Q6, not a question');
  });

  it('finds bands that overlap', () => {
    const raw = base();
    raw.background[1]!.bands = [
      { label: 'laag', max: 50 },
      { label: 'hoog', min: 50 },
    ];
    expectOnly(raw, 'background[1].bands[1]', 'overlaps band "laag" (bands[0])');
  });

  it('finds a band with min > max and a duplicate band label', () => {
    const raw = base();
    raw.background[1]!.bands = [
      { label: 'laag', min: 20, max: 10 },
      { label: 'laag', min: 30 },
    ];
    expect(faults(raw)).toEqual([
      { path: 'background[1].bands[0]', message: 'min 20 is greater than max 10' },
      { path: 'background[1].bands[1].label', message: 'duplicate band label "laag": also bands[0]' },
    ]);
  });

  it('finds bands on a choice question whose options have no meaning', () => {
    const raw = base();
    for (const o of raw.pages[0]!.blocks[1]!.options) delete o.meaning;
    expectOnly(raw, 'background[0].bands', 'the options of Q1 have no "meaning", so there is nothing to group into bands');
  });

  it('finds an option without a meaning, and an option that falls in no band', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options.splice(2, 0, { value: 4, label: 'OM' }, { value: 5, label: 'zorg', meaning: 1.5 });
    expect(faults(raw)).toEqual([
      { path: 'background[0].bands', message: 'option 4 ("OM", options[2]) of Q1 has no "meaning", so it falls in no band' },
      { path: 'background[0].bands', message: 'option 5 ("zorg", meaning 1.5) of Q1 falls in no band' },
    ]);
  });

  it('finds bands on a yes/no question', () => {
    const raw = base();
    raw.background.push({ id: 'deelname', label: 'Deelname', question: 'Q2', bands: [{ label: 'ja', min: 1 }] });
    expectOnly(raw, 'background[2].bands', 'Q2 is a yes/no question; there is nothing to group into bands');
  });

  it('finds a background variable on a contact question', () => {
    const raw = base();
    raw.pages[0]!.blocks[2]!.contact = true;
    raw.background.push({ id: 'deelname', label: 'Deelname', question: 'Q2' });
    expectOnly(raw, 'background[2].question', 'Q2 is a contact question, stored apart from the responses');
  });

  it('finds two background variables with one id', () => {
    const raw = base();
    raw.background[1]!.id = 'functie';
    expectOnly(raw, 'background[1].id', 'duplicate background variable id "functie": also background[0].id');
  });
});

describe('lint: unreachable pages and questions', () => {
  it('finds a page whose condition contradicts itself', () => {
    const raw = base();
    raw.pages[2]!.showIf = { all: [{ q: 'Q1', equals: 1 }, { q: 'Q1', equals: 2 }] };
    expect(faults(raw)).toEqual([{ path: 'pages[2].showIf', message: 'can never hold, so page "slot" is never shown' }]);
  });

  it('finds a page that depends only on questions that are never shown', () => {
    const raw = base();
    raw.pages[1]!.blocks[1]!.showIf = { all: [{ q: 'Q2', equals: 1 }, { not: { q: 'Q2', equals: 1 } }] };
    raw.pages[2]!.showIf = { q: 'Q7_2', gt: 10 };
    expect(faults(raw)).toEqual([
      { path: 'pages[1].blocks[1].showIf', message: 'can never hold, so question Q7 is never shown' },
      { path: 'pages[2].showIf', message: 'can never hold (it depends only on Q7, which is never shown), so page "slot" is never shown' },
    ]);
  });

  it('finds a page none of whose questions can be shown', () => {
    const raw = base();
    raw.pages[2]!.blocks[0]!.showIf = { all: [{ q: 'Q3', gt: 50 }, { q: 'Q3', lt: 40 }] };
    raw.pages[2]!.blocks[1]!.showIf = { all: [{ q: 'Q3', equals: 999 }, { q: 'Q3', gte: 0 }] };
    expect(faults(raw)).toEqual([
      { path: 'pages[2]', message: 'page "slot" is never shown: none of its questions can be shown' },
      { path: 'pages[2].blocks[0].showIf', message: 'can never hold, so question Q8 is never shown' },
      { path: 'pages[2].blocks[1].showIf', message: 'can never hold, so question Q9 is never shown' },
    ]);
  });

  it('knows that a whole number cannot lie strictly between two neighbours, but a decimal can', () => {
    const raw = base();
    raw.pages[2]!.showIf = { all: [{ q: 'Q3', gt: 10 }, { q: 'Q3', lt: 11 }] };
    expectOnly(raw, 'pages[2].showIf', 'can never hold');
    raw.pages[0]!.blocks[3]!.integer = false;
    expect(faults(raw)).toEqual([]);
  });

  it('follows routing: an answer hidden by an earlier condition cannot be compared later', () => {
    const raw = base();
    raw.pages[0]!.blocks[3]!.showIf = { q: 'Q2', equals: 1 };
    raw.pages[2]!.showIf = { all: [{ q: 'Q2', equals: 0 }, { q: 'Q3', gte: 0 }] };
    expectOnly(raw, 'pages[2].showIf', 'can never hold, so page "slot" is never shown');
    // "unanswered" still holds then: notEquals and answered: false are satisfiable
    raw.pages[2]!.showIf = { all: [{ q: 'Q2', equals: 0 }, { q: 'Q3', notEquals: 50 }, { q: 'Q3', answered: false }] };
    expect(faults(raw)).toEqual([]);
  });

  it('finds a text block that is never shown', () => {
    const raw = withBlock(base(), 1, { type: 'text', text: 'Alleen voor', showIf: { all: [{ q: 'Q4', includes: 4 }, { not: { q: 'Q4', includes: 4 } }] } });
    expectOnly(raw, 'pages[1].blocks[2].showIf', 'can never hold, so this text is never shown');
  });

  it('does not flag conditions that can hold', () => {
    const raw = base();
    raw.pages[1]!.showIf = { any: [{ q: 'Q1', equals: 1 }, { q: 'Q4', includes: 2 }] };
    raw.pages[1]!.blocks[1]!.showIf = { all: [{ q: 'Q3', gt: 10 }, { q: 'Q3', lt: 20 }, { not: { q: 'Q5', equals: 'geen' } }] };
    raw.pages[2]!.showIf = { all: [{ q: 'Q6_1', gte: 3 }, { q: 'Q7_2', answered: true }] };
    expect(faults(raw)).toEqual([]);
  });

  it('still finds a contradiction when a question it uses has a faulty condition of its own', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.showIf = { q: 'Q99', equals: 1 };
    raw.pages[2]!.showIf = { all: [{ q: 'Q1', equals: 1 }, { q: 'Q1', equals: 2 }] };
    expect(faults(raw)).toEqual([
      { path: 'pages[0].blocks[1].showIf', message: 'refers to "Q99", which does not exist' },
      { path: 'pages[2].showIf', message: 'can never hold, so page "slot" is never shown' },
    ]);
  });
});

describe('lint: output', () => {
  it('lists faults in document order', () => {
    const raw = base();
    raw.background[1]!.question = 'Q99';
    raw.aspects[0]!.items.push('Q98');
    raw.pages[2]!.blocks[0]!.minEntries = 9;
    raw.pages[0]!.blocks[1]!.options[1].value = 1;
    raw.answerScales.eens![0]!.exclusive = true;
    expect(faults(raw).map((f) => f.path)).toEqual([
      'answerScales.eens[0].exclusive',
      'pages[0].blocks[1].options[1].value',
      'pages[2].blocks[0].minEntries',
      'aspects[0].items[3]',
      'background[1].question',
    ]);
  });
});

describe('lint: the completion rule and repeat name what exists', () => {
  it('accepts a rule on aspects and on answered questions and statements, and a target with carried-over questions', () => {
    const raw = base();
    raw.completion = { minAspectsScored: 1, minAnswered: { items: ['Q1', 'Q6_2', 'Q7'], count: 2 } };
    raw.repeat = { enabled: true, target: 'Q1', carryOver: ['Q2', 'Q3'] };
    expect(faults(raw)).toEqual([]);
  });

  it('finds more aspects asked for than there are', () => {
    const raw = base();
    raw.completion = { minAspectsScored: 2 };
    expectOnly(raw, 'completion.minAspectsScored', 'minAspectsScored 2 is more than the 1 aspects');
  });

  it('finds unknown, doubled and contact items and a count that cannot be reached', () => {
    const raw = base();
    raw.completion = { minAnswered: { items: ['Q1', 'Q99', 'Q1', 'Q9'], count: 5 } };
    expect(faults(raw)).toEqual([
      { path: 'completion.minAnswered.count', message: 'count 5 is more than the 4 items' },
      { path: 'completion.minAnswered.items[1]', message: 'refers to "Q99", which does not exist' },
      { path: 'completion.minAnswered.items[2]', message: '"Q1" is listed twice (also items[0])' },
      { path: 'completion.minAnswered.items[3]', message: '"Q9" belongs to contact question Q9, which is stored apart from the response' },
    ]);
  });

  it('needs a single-choice target and carried-over questions that are neither the target nor contact questions', () => {
    const raw = base();
    raw.repeat = { enabled: true, target: 'Q2', carryOver: ['Q2', 'Q9', 'Q6_1', 'Q5', 'Q5'] };
    expect(faults(raw)).toEqual([
      { path: 'repeat.target', message: 'Q2 is a yes/no question; the target must be a single-choice question' },
      { path: 'repeat.carryOver[0]', message: 'Q2 is the repeat target; a new response is about another one' },
      { path: 'repeat.carryOver[1]', message: 'Q9 is a contact question, stored apart from the response' },
      { path: 'repeat.carryOver[2]', message: '"Q6_1" is a statement of Likert matrix Q6, not a question' },
      { path: 'repeat.carryOver[4]', message: '"Q5" is listed twice (also carryOver[3])' },
    ]);
  });
});
