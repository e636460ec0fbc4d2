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
    expectOnly(raw, 'pages[2].blocks[2].code', 'dubbele code "Q1" (vraag "Q1"): ook vraag "Q1" op pages[0].blocks[1].code');
  });

  it('finds a statement that has the code of a question', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.statements[1].code = 'Q5';
    raw.aspects[0]!.items = ['Q6_1', 'Q6_3'];
    expectOnly(raw, 'pages[1].blocks[0].statements[1].code', 'dubbele code "Q5" (een uitspraak van matrixvraag "Q6"): ook vraag "Q5"');
  });

  it('finds a statement colliding with the variable a multiple-choice option generates (Q4 option 1 → Q4_1)', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.statements[0].code = 'Q4_1';
    raw.aspects[0]!.items[0] = 'Q4_1';
    expectOnly(raw, 'pages[1].blocks[0].statements[0].code', 'ook de variabele voor antwoordoptie 1 van "Q4" op pages[0].blocks[4].options[0].value');
  });

  it('points at the option when the generated variable comes second', () => {
    const raw = base();
    raw.pages[0]!.blocks.splice(1, 0, { type: 'open', code: 'Q4_2', text: 'Eerder' });
    expectOnly(raw, 'pages[0].blocks[5].options[1].value', 'dubbele code "Q4_2" (de variabele voor antwoordoptie 2 van "Q4"): ook vraag "Q4_2" op pages[0].blocks[1].code');
  });

  it('finds a question colliding with the "other" text variable of a choice question', () => {
    const raw = withBlock(base(), 2, open('Q4_other'));
    expectOnly(raw, 'pages[2].blocks[2].code', 'ook het "anders"-tekstvak ("other") van "Q4" op pages[0].blocks[4].options[2].other');
  });

  it('finds a question colliding with a list entry variable', () => {
    const raw = base();
    raw.pages[2]!.blocks.unshift(open('Q8_2'));
    expectOnly(raw, 'pages[2].blocks[1].maxEntries', 'dubbele code "Q8_2" (de variabele voor regel 2 van lijstvraag "Q8")');
  });

  it('finds codes that differ only in case (exports and SPSS do not tell them apart)', () => {
    const raw = withBlock(base(), 2, open('q5'));
    expectOnly(raw, 'pages[2].blocks[2].code', 'code "q5" (vraag "q5") verschilt alleen in hoofdletters van "Q5"');
  });

  it('finds a text block id that is also a question code', () => {
    const raw = withBlock(base(), 1, { type: 'text', id: 'Q3', text: 'Tekst' });
    expectOnly(raw, 'pages[1].blocks[2].id', 'dubbele code "Q3" (een tekstblok)');
  });

  it('finds two constant-sum items with one code', () => {
    const raw = base();
    raw.pages[1]!.blocks[1]!.items[1].code = 'Q7_1';
    expectOnly(raw, 'pages[1].blocks[1].items[1].code', 'dubbele code "Q7_1" (een item van verdeelvraag "Q7"): ook een item van verdeelvraag "Q7"');
  });

  it('finds two pages with one id', () => {
    const raw = base();
    raw.pages[2]!.id = 'achtergrond';
    expectOnly(raw, 'pages[2].id', 'dubbele pagina-id "achtergrond": ook pages[0].id');
  });
});

describe('lint: options', () => {
  it('finds an option value used twice within a question', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options[2].value = 2;
    expectOnly(raw, 'pages[0].blocks[1].options[2].value', 'antwoordwaarde 2 komt twee keer voor (ook pages[0].blocks[1].options[1])');
  });

  it('finds a second "other" option', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.options[1].other = true;
    expectOnly(raw, 'pages[0].blocks[4].options[2].other', 'maar één antwoordoptie kan om een eigen tekst vragen ("other"); pages[0].blocks[4].options[1] doet dat al');
  });

  it('allows exclusive options only on multiple choice', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options[2].exclusive = true;
    expectOnly(raw, 'pages[0].blocks[1].options[2].exclusive', 'alleen een antwoordoptie van een meerkeuzevraag kan exclusief zijn ("exclusive")');
  });

  it('allows "other" only on single and multiple choice (not on an answer scale)', () => {
    const raw = base();
    raw.answerScales.eens![3]!.other = true;
    expectOnly(raw, 'answerScales.eens[3].other', 'alleen een antwoordoptie van een enkele keuzevraag of een meerkeuzevraag kan om een eigen tekst vragen ("other")');
  });

  it('finds an otherLabel without "other"', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options[0].otherLabel = 'namelijk';
    expectOnly(raw, 'pages[0].blocks[1].options[0].otherLabel', '"otherLabel" doet niets zonder "other": true');
  });

  it('finds a declared missing value among multiple-choice options', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.options[3].missing = true;
    expectOnly(raw, 'pages[0].blocks[4].options[3].missing', 'een antwoordoptie van een meerkeuzevraag kan geen ontbrekende waarde ("missing") zijn');
  });
});

describe('lint: question settings', () => {
  it('finds multiple choice with min > max', () => {
    const raw = base();
    Object.assign(raw.pages[0]!.blocks[4]!, { min: 3, max: 2 });
    expect(faults(raw)).toEqual([
      { path: 'pages[0].blocks[4].min', message: '"min" (3) is groter dan "max" (2)' },
      { path: 'pages[0].blocks[4].min', message: 'met "min" 3 kan de exclusieve antwoordoptie 4 (options[3]) nooit gekozen worden' },
    ]);
  });

  it('finds multiple choice with max above the number of options', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.max = 5;
    expectOnly(raw, 'pages[0].blocks[4].max', '"max" (5) is meer dan het aantal antwoordopties (4)');
  });

  it('finds a minimum that makes the exclusive option unselectable', () => {
    const raw = base();
    raw.pages[0]!.blocks[4]!.min = 2;
    expectOnly(raw, 'pages[0].blocks[4].min', 'met "min" 2 kan de exclusieve antwoordoptie 4 (options[3]) nooit gekozen worden');
  });

  it('finds a number question with min > max', () => {
    const raw = base();
    Object.assign(raw.pages[0]!.blocks[3]!, { min: 10, max: 5, dontKnow: undefined });
    expectOnly(raw, 'pages[0].blocks[3].min', '"min" (10) is groter dan "max" (5)');
  });

  it('finds a "weet niet" code inside the answer range', () => {
    const raw = base();
    raw.pages[0]!.blocks[3]!.dontKnow.value = 99;
    expectOnly(raw, 'pages[0].blocks[3].dontKnow.value', 'de "weet niet"-code 99 ligt binnen het antwoordbereik (0 tot en met 100)');
  });

  it('finds a "weet niet" code on a number question without bounds', () => {
    const raw = base();
    Object.assign(raw.pages[0]!.blocks[3]!, { min: undefined, max: undefined });
    expectOnly(raw, 'pages[0].blocks[3].dontKnow.value', 'binnen het antwoordbereik (elk getal)');
  });

  it('finds a Likert scale name that answerScales does not have', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.scale = 'eenss';
    raw.aspects = [];
    expectOnly(raw, 'pages[1].blocks[0].scale', 'onbekende antwoordschaal "eenss" ("answerScales" heeft: "eens")');
  });

  it('finds a missing column whose value is also a scale value', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.missing[0].value = 4;
    expectOnly(raw, 'pages[1].blocks[0].missing[0].value', 'ontbrekende waarde 4 is ook een schaalwaarde (answerScales.eens[3])');
  });

  it('finds a reverse-keyed statement on a scale that is not symmetric', () => {
    const raw = base();
    raw.answerScales.eens![3]!.value = 5;
    expectOnly(raw, 'pages[1].blocks[0].statements[2].reverse', 'omgekeerd scoren kan niet op schaal 1, 2, 3, 5: 1 + 5 − 2 = 4 is geen schaalpunt');
  });

  it('finds a Likert scale with fewer than two substantive points', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.scale = [
      { value: 1, label: 'eens' },
      { value: 8, label: 'weet niet', missing: true },
    ];
    raw.aspects = [];
    expectOnly(raw, 'pages[1].blocks[0].scale', 'de schaal van een matrixvraag heeft minstens twee punten nodig die geen ontbrekende waarde zijn');
  });

  it('finds a list that asks for more entries than it allows', () => {
    const raw = base();
    raw.pages[2]!.blocks[0]!.minEntries = 4;
    expectOnly(raw, 'pages[2].blocks[0].minEntries', '"minEntries" (4) is groter dan "maxEntries" (3)');
  });

  it('finds a constant sum of whole numbers that cannot reach its total', () => {
    const raw = base();
    raw.pages[1]!.blocks[1]!.total = 99.5;
    expectOnly(raw, 'pages[1].blocks[1].total', 'hele getallen tellen nooit op tot 99.5; maak "total" een heel getal of zet "integer" op false');
    raw.pages[1]!.blocks[1]!.integer = false;
    expect(faults(raw)).toEqual([]);
  });
});

describe('lint: conditions', () => {
  it('finds a condition on a code that does not exist, with the exact message', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q99', equals: 1 }));
    expect(faults(raw)).toEqual([{ path: 'pages[2].blocks[2].showIf', message: 'verwijst naar "Q99", maar die code bestaat niet' }]);
  });

  it('finds a condition on a question on a later page', () => {
    const raw = base();
    raw.pages[0]!.blocks[5]!.showIf = { q: 'Q8', answered: true };
    expectOnly(raw, 'pages[0].blocks[5].showIf', 'verwijst naar "Q8", die later komt (pages[2].blocks[0] op pagina "slot"); een voorwaarde kan alleen eerdere antwoorden gebruiken');
  });

  it('finds a condition on a question after it on the same page', () => {
    const raw = base();
    raw.pages[0]!.blocks[2]!.showIf = { q: 'Q3', gt: 5 };
    expectOnly(raw, 'pages[0].blocks[2].showIf', 'verwijst naar "Q3", die verderop op dezelfde pagina staat (pages[0].blocks[3])');
  });

  it('allows a condition on an earlier question on the same page', () => {
    const raw = base();
    raw.pages[0]!.blocks[5]!.showIf = { q: 'Q2', equals: 1 };
    expect(faults(raw)).toEqual([]);
  });

  it('finds a question conditional on itself', () => {
    const raw = base();
    raw.pages[0]!.blocks[5]!.showIf = { q: 'Q5', answered: true };
    expectOnly(raw, 'pages[0].blocks[5].showIf', 'verwijst naar de eigen vraag "Q5"');
  });

  it('finds a page condition on a question of the same page', () => {
    const raw = base();
    raw.pages[1]!.showIf = { q: 'Q7_1', gt: 0 };
    expectOnly(raw, 'pages[1].showIf', 'verwijst naar "Q7_1", die op deze pagina zelf staat; een pagina kan alleen afhangen van eerdere pagina\'s');
  });

  it('finds "includes" on a question that is not multiple choice', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q1', includes: 1 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf', '"includes" kan alleen bij een meerkeuzevraag; "Q1" is een enkele keuzevraag');
  });

  it('finds "equals" and "in" on multiple choice', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q4', equals: 1 }, { q: 'Q4', in: [1, 2] }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0]', message: 'gebruikt "equals" bij meerkeuzevraag "Q4"; gebruik "includes" (of een 0/1-variabele zoals "Q4_1")' },
      { path: 'pages[2].blocks[2].showIf.any[1]', message: 'gebruikt "in" bij meerkeuzevraag "Q4"; gebruik "includes" (of een 0/1-variabele zoals "Q4_1")' },
    ]);
  });

  it('finds "includes" of an option the question does not have', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q4', includes: 7 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.includes', '"Q4" heeft geen antwoordoptie 7 (antwoordopties: 1, 2, 3, 4)');
  });

  it('finds a numeric comparison on a text question', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q5', gte: 3 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.gte', '"gte" vergelijkt getallen, maar de antwoorden op open vraag "Q5" zijn tekst');
  });

  it('finds a text question compared with a number', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q4_other', equals: 3 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.equals', 'vergelijkt "Q4_other" (het "anders"-tekstvak ("other") van "Q4") met het getal 3, maar de antwoorden zijn tekst');
  });

  it('finds a comparison with a value that is not an option code, pointing at the value', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q1', equals: 4 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.equals', '4 is geen antwoordoptie van enkele keuzevraag "Q1" (antwoordopties: 1, 2, 3)');
  });

  it('points at the offending element of an "in" list inside nested conditions', () => {
    const raw = withBlock(base(), 2, open('Q10', { all: [{ q: 'Q2', equals: 1 }, { not: { q: 'Q1', in: [1, 5] } }] }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.all[1].not.in[1]', '5 is geen antwoordoptie van enkele keuzevraag "Q1" (antwoordopties: 1, 2, 3)');
  });

  it('finds yes/no compared with anything but 1 and 0', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q2', notEquals: 2 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.notEquals', '2 is geen antwoordoptie van ja/nee-vraag "Q2" (antwoordopties: 1, 0)');
  });

  it('finds a Likert statement compared with a value that is not on its scale or a missing column', () => {
    const raw = withBlock(base(), 2, open('Q10', { q: 'Q6_1', equals: 5 }));
    expectOnly(raw, 'pages[2].blocks[2].showIf.equals', '5 is geen antwoordoptie van "Q6_1" (een uitspraak van matrixvraag "Q6") (antwoordopties: 1, 2, 3, 4, 9)');
  });

  it('finds a number question compared with text or with a value outside its range', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q3', equals: 'tien' }, { q: 'Q3', equals: 150 }, { q: 'Q3', equals: 999 }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0].equals', message: 'vergelijkt getalvraag "Q3" met de tekst "tien", maar de antwoorden zijn getallen' },
      { path: 'pages[2].blocks[2].showIf.any[1].equals', message: '150 is geen mogelijk antwoord op getalvraag "Q3" (antwoorden: hele getallen, 0 tot en met 100, of 999)' },
    ]);
  });

  it('finds a numeric comparison no answer can satisfy (declared missing codes never count)', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q3', gt: 100 }, { q: 'Q1', gte: 3 }, { q: 'Q7_2', lt: 0 }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0].gt', message: 'geen enkel antwoord op getalvraag "Q3" kan groter dan 100 zijn (antwoorden: hele getallen, 0 tot en met 100, of 999)' },
      { path: 'pages[2].blocks[2].showIf.any[1].gte', message: 'geen enkel antwoord op enkele keuzevraag "Q1" kan groter dan of gelijk aan 3 zijn (antwoordopties: 1, 2, 3)' },
      { path: 'pages[2].blocks[2].showIf.any[2].lt', message: 'geen enkel antwoord op "Q7_2" (een item van verdeelvraag "Q7") kan kleiner dan 0 zijn (antwoorden: hele getallen, 0 tot en met 100)' },
    ]);
  });

  it('finds a comparison on a Likert matrix, a list or a constant sum as a whole, except "answered"', () => {
    const raw = withBlock(base(), 2, open('Q10', { any: [{ q: 'Q6', equals: 1 }, { q: 'Q7', gt: 50 }, { q: 'Q6', answered: true }] }));
    expect(faults(raw)).toEqual([
      { path: 'pages[2].blocks[2].showIf.any[0]', message: '"Q6" is een matrixvraag en heeft geen los antwoord om mee te vergelijken; verwijs naar een van de uitspraken (bijvoorbeeld "Q6_1") of gebruik "answered"' },
      { path: 'pages[2].blocks[2].showIf.any[1]', message: '"Q7" is een verdeelvraag en heeft geen los antwoord om mee te vergelijken; verwijs naar een van de items (bijvoorbeeld "Q7_1") of gebruik "answered"' },
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
    expectOnly(raw, 'aspects[0].items[3]', 'verwijst naar "Q99", maar die code bestaat niet');
  });

  it('finds an item that is not a Likert statement', () => {
    const raw = base();
    raw.aspects.push({ id: 'verdeling', label: 'Verdeling', items: ['Q7_1', 'Q1'] });
    expect(faults(raw)).toEqual([
      { path: 'aspects[1].items[0]', message: '"Q7_1" is een item van verdeelvraag "Q7", geen uitspraak van een matrixvraag' },
      { path: 'aspects[1].items[1]', message: '"Q1" is een enkele keuzevraag, geen uitspraak van een matrixvraag' },
    ]);
  });

  it('finds a Likert matrix listed instead of its statements', () => {
    const raw = base();
    raw.aspects[0]!.items = ['Q6'];
    expectOnly(raw, 'aspects[0].items[0]', '"Q6" is een matrixvraag; noem in plaats daarvan de uitspraken ("Q6_1", "Q6_2", "Q6_3")');
  });

  it('finds an item in two aspects', () => {
    const raw = base();
    raw.aspects.push({ id: 'tweede', label: 'Tweede', items: ['Q6_3', 'Q6_2'] });
    raw.aspects[0]!.items = ['Q6_1', 'Q6_2'];
    expectOnly(raw, 'aspects[1].items[1]', '"Q6_2" staat al in aspect "oordeel" (aspects[0].items[1]); een uitspraak hoort bij één aspect');
  });

  it('finds an item listed twice in one aspect', () => {
    const raw = base();
    raw.aspects[0]!.items.push('Q6_1');
    expectOnly(raw, 'aspects[0].items[3]', '"Q6_1" staat twee keer in dit aspect (ook items[0])');
  });

  it('finds minAnswered above the number of items', () => {
    const raw = base();
    raw.aspects[0]!.minAnswered = 4;
    expectOnly(raw, 'aspects[0].minAnswered', '"minAnswered" (4) is meer dan het aantal uitspraken van dit aspect (3)');
  });

  it('finds two aspects with one id', () => {
    const raw = base();
    raw.aspects[0]!.items = ['Q6_1'];
    raw.aspects.push({ id: 'oordeel', label: 'Nog eens', items: ['Q6_2'] });
    expectOnly(raw, 'aspects[1].id', 'dubbele aspect-id "oordeel": ook aspects[0].id');
  });

  it('finds items on different scales in one aspect (an aspect score averages them)', () => {
    const raw = withBlock(base(), 1, {
      type: 'likert',
      code: 'Q10',
      scale: [...[1, 2, 3, 4, 5].map((value) => ({ value, label: `${value}` }))],
      statements: [{ code: 'Q10_1', text: 'Vijf punten' }],
    });
    raw.aspects[0]!.items.push('Q10_1');
    expectOnly(raw, 'aspects[0].items[3]', '"Q10_1" heeft een andere schaal (1, 2, 3, 4, 5) dan "Q6_1" (1, 2, 3, 4, items[0]); een aspectscore is het gemiddelde van de uitspraken, dus die moeten dezelfde schaal hebben');
  });
});

describe('lint: background variables', () => {
  it('finds a background variable on a question that does not exist', () => {
    const raw = base();
    raw.background[1]!.question = 'Q99';
    expectOnly(raw, 'background[1].question', 'verwijst naar "Q99", maar die code bestaat niet');
  });

  it('finds a background variable on a question of the wrong type', () => {
    const raw = base();
    raw.background[1]!.question = 'Q4';
    expectOnly(raw, 'background[1].question', '"Q4" is een meerkeuzevraag; een achtergrondkenmerk moet een enkele keuzevraag, een ja/nee-vraag of een getalvraag zijn');
  });

  it('finds a background variable on a statement', () => {
    const raw = base();
    raw.background[1]!.question = 'Q6_1';
    expectOnly(raw, 'background[1].question', '"Q6_1" is een uitspraak van matrixvraag "Q6", geen vraag; een achtergrondkenmerk moet een enkele keuzevraag, een ja/nee-vraag of een getalvraag zijn');
  });

  it('finds bands that overlap', () => {
    const raw = base();
    raw.background[1]!.bands = [
      { label: 'laag', max: 50 },
      { label: 'hoog', min: 50 },
    ];
    expectOnly(raw, 'background[1].bands[1]', 'overlapt met klasse "laag" (bands[0]): een antwoord mag maar in één klasse vallen');
  });

  it('finds a band with min > max and a duplicate band label', () => {
    const raw = base();
    raw.background[1]!.bands = [
      { label: 'laag', min: 20, max: 10 },
      { label: 'laag', min: 30 },
    ];
    expect(faults(raw)).toEqual([
      { path: 'background[1].bands[0]', message: '"min" (20) is groter dan "max" (10)' },
      { path: 'background[1].bands[1].label', message: 'dubbel klasselabel "laag": ook bands[0]' },
    ]);
  });

  it('finds bands on a choice question whose options have no meaning', () => {
    const raw = base();
    for (const o of raw.pages[0]!.blocks[1]!.options) delete o.meaning;
    expectOnly(raw, 'background[0].bands', 'de antwoordopties van "Q1" hebben geen "meaning", dus er valt niets in klassen in te delen (klassen gaan over wat een antwoordoptie betekent, nooit over haar code)');
  });

  it('finds an option without a meaning, and an option that falls in no band', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options.splice(2, 0, { value: 4, label: 'OM' }, { value: 5, label: 'zorg', meaning: 1.5 });
    expect(faults(raw)).toEqual([
      { path: 'background[0].bands', message: 'antwoordoptie 4 ("OM", options[2]) van "Q1" heeft geen "meaning" en valt dus in geen enkele klasse' },
      { path: 'background[0].bands', message: 'antwoordoptie 5 ("zorg", "meaning" 1.5) van "Q1" valt in geen enkele klasse' },
    ]);
  });

  it('finds bands on a yes/no question', () => {
    const raw = base();
    raw.background.push({ id: 'deelname', label: 'Deelname', question: 'Q2', bands: [{ label: 'ja', min: 1 }] });
    expectOnly(raw, 'background[2].bands', '"Q2" is een ja/nee-vraag; er valt niets in klassen ("bands") in te delen');
  });

  it('finds a background variable on a contact question', () => {
    const raw = base();
    raw.pages[0]!.blocks[2]!.contact = true;
    raw.background.push({ id: 'deelname', label: 'Deelname', question: 'Q2' });
    expectOnly(raw, 'background[2].question', '"Q2" is een contactvraag, die apart van de antwoorden wordt bewaard; daarnaar kan niet worden uitgesplitst');
  });

  it('finds two background variables with one id', () => {
    const raw = base();
    raw.background[1]!.id = 'functie';
    expectOnly(raw, 'background[1].id', 'dubbele id "functie" van een achtergrondkenmerk: ook background[0].id');
  });
});

describe('lint: unreachable pages and questions', () => {
  it('finds a page whose condition contradicts itself', () => {
    const raw = base();
    raw.pages[2]!.showIf = { all: [{ q: 'Q1', equals: 1 }, { q: 'Q1', equals: 2 }] };
    expect(faults(raw)).toEqual([{ path: 'pages[2].showIf', message: 'deze voorwaarde kan nooit gelden, dus pagina "slot" wordt nooit getoond' }]);
  });

  it('finds a page that depends only on questions that are never shown', () => {
    const raw = base();
    raw.pages[1]!.blocks[1]!.showIf = { all: [{ q: 'Q2', equals: 1 }, { not: { q: 'Q2', equals: 1 } }] };
    raw.pages[2]!.showIf = { q: 'Q7_2', gt: 10 };
    expect(faults(raw)).toEqual([
      { path: 'pages[1].blocks[1].showIf', message: 'deze voorwaarde kan nooit gelden, dus vraag "Q7" wordt nooit getoond' },
      { path: 'pages[2].showIf', message: 'deze voorwaarde kan nooit gelden (ze hangt alleen af van "Q7", die nooit wordt getoond), dus pagina "slot" wordt nooit getoond' },
    ]);
  });

  it('finds a page none of whose questions can be shown', () => {
    const raw = base();
    raw.pages[2]!.blocks[0]!.showIf = { all: [{ q: 'Q3', gt: 50 }, { q: 'Q3', lt: 40 }] };
    raw.pages[2]!.blocks[1]!.showIf = { all: [{ q: 'Q3', equals: 999 }, { q: 'Q3', gte: 0 }] };
    expect(faults(raw)).toEqual([
      { path: 'pages[2]', message: 'pagina "slot" wordt nooit getoond: geen van haar vragen kan worden getoond' },
      { path: 'pages[2].blocks[0].showIf', message: 'deze voorwaarde kan nooit gelden, dus vraag "Q8" wordt nooit getoond' },
      { path: 'pages[2].blocks[1].showIf', message: 'deze voorwaarde kan nooit gelden, dus vraag "Q9" wordt nooit getoond' },
    ]);
  });

  it('knows that a whole number cannot lie strictly between two neighbours, but a decimal can', () => {
    const raw = base();
    raw.pages[2]!.showIf = { all: [{ q: 'Q3', gt: 10 }, { q: 'Q3', lt: 11 }] };
    expectOnly(raw, 'pages[2].showIf', 'deze voorwaarde kan nooit gelden, dus pagina "slot" wordt nooit getoond');
    raw.pages[0]!.blocks[3]!.integer = false;
    expect(faults(raw)).toEqual([]);
  });

  it('follows routing: an answer hidden by an earlier condition cannot be compared later', () => {
    const raw = base();
    raw.pages[0]!.blocks[3]!.showIf = { q: 'Q2', equals: 1 };
    raw.pages[2]!.showIf = { all: [{ q: 'Q2', equals: 0 }, { q: 'Q3', gte: 0 }] };
    expectOnly(raw, 'pages[2].showIf', 'deze voorwaarde kan nooit gelden, dus pagina "slot" wordt nooit getoond');
    // "unanswered" still holds then: notEquals and answered: false are satisfiable
    raw.pages[2]!.showIf = { all: [{ q: 'Q2', equals: 0 }, { q: 'Q3', notEquals: 50 }, { q: 'Q3', answered: false }] };
    expect(faults(raw)).toEqual([]);
  });

  it('finds a text block that is never shown', () => {
    const raw = withBlock(base(), 1, { type: 'text', text: 'Alleen voor', showIf: { all: [{ q: 'Q4', includes: 4 }, { not: { q: 'Q4', includes: 4 } }] } });
    expectOnly(raw, 'pages[1].blocks[2].showIf', 'deze voorwaarde kan nooit gelden, dus deze tekst wordt nooit getoond');
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
      { path: 'pages[0].blocks[1].showIf', message: 'verwijst naar "Q99", maar die code bestaat niet' },
      { path: 'pages[2].showIf', message: 'deze voorwaarde kan nooit gelden, dus pagina "slot" wordt nooit getoond' },
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
    expectOnly(raw, 'completion.minAspectsScored', '"minAspectsScored" (2) is meer dan het aantal aspecten (1)');
  });

  it('finds unknown, doubled and contact items and a count that cannot be reached', () => {
    const raw = base();
    raw.completion = { minAnswered: { items: ['Q1', 'Q99', 'Q1', 'Q9'], count: 5 } };
    expect(faults(raw)).toEqual([
      { path: 'completion.minAnswered.count', message: '"count" (5) is meer dan het aantal codes in "items" (4)' },
      { path: 'completion.minAnswered.items[1]', message: 'verwijst naar "Q99", maar die code bestaat niet' },
      { path: 'completion.minAnswered.items[2]', message: '"Q1" staat twee keer in de lijst (ook items[0])' },
      { path: 'completion.minAnswered.items[3]', message: '"Q9" hoort bij contactvraag "Q9", die apart van de antwoorden wordt bewaard' },
    ]);
  });

  it('needs a single-choice target and carried-over questions that are neither the target nor contact questions', () => {
    const raw = base();
    raw.repeat = { enabled: true, target: 'Q2', carryOver: ['Q2', 'Q9', 'Q6_1', 'Q5', 'Q5'] };
    expect(faults(raw)).toEqual([
      { path: 'repeat.target', message: '"Q2" is een ja/nee-vraag; "target" moet een enkele keuzevraag zijn' },
      { path: 'repeat.carryOver[0]', message: '"Q2" is de "target" zelf en kan niet in "carryOver" staan: elke nieuwe invulling gaat juist over een ander antwoord op "Q2"' },
      { path: 'repeat.carryOver[1]', message: '"Q9" is een contactvraag, die apart van de antwoorden wordt bewaard' },
      { path: 'repeat.carryOver[2]', message: '"Q6_1" is een uitspraak van matrixvraag "Q6", geen vraag' },
      { path: 'repeat.carryOver[4]', message: '"Q5" staat twee keer in de lijst (ook carryOver[3])' },
    ]);
  });
});
