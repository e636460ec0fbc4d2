import { describe, expect, it } from 'vitest';
import { indexOf } from '../../../../server/domain/questionnaire/normalize.js';
import type { Question, QuestionOf, QuestionType } from '../../../../server/domain/questionnaire/schema.js';
import type { FormInput, ParseResult } from '../../../../server/domain/questionnaire/types/form.js';
import { parseDecimal } from '../../../../server/domain/questionnaire/types/form.js';
import { moduleOf } from '../../../../server/domain/questionnaire/types/index.js';
import { proef } from '../../../helpers/proefQuestionnaire.js';

const qn = proef();

function q<T extends QuestionType>(code: string, type: T): QuestionOf<T> {
  const found = indexOf(qn).question.get(code);
  if (!found || found.type !== type) throw new Error(`no ${type} ${code}`);
  return found as QuestionOf<T>;
}

function parse(question: Question, form: FormInput): ParseResult {
  return moduleOf(question).parse(form);
}

function ok(result: ParseResult) {
  if ('error' in result) throw new Error(`unexpected error: ${result.error}`);
  return result.values;
}

function err(result: ParseResult): string {
  if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result.values)}`);
  return result.error;
}

describe('numbers as Dutch respondents type them', () => {
  it('accepts a decimal comma or point, a sign and a trailing unit, and refuses the rest', () => {
    expect(parseDecimal('12,5')).toBe(12.5);
    expect(parseDecimal(' 12.5 ')).toBe(12.5);
    expect(parseDecimal('-3')).toBe(-3);
    expect(parseDecimal('40 %', '%')).toBe(40);
    expect(parseDecimal('40%', '%')).toBe(40);
    expect(parseDecimal('1.000,5')).toBeNull();
    expect(parseDecimal('twaalf')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal('1e3')).toBeNull();
  });
});

describe('single choice', () => {
  const Q1 = q('Q1', 'single');
  it('stores the code, with no "other" text when another option is chosen', () => {
    expect(ok(parse(Q1, { Q1: '2', Q1_other: ' ' }))).toEqual({ Q1: 2, Q1_other: null });
  });
  it('chooses "Anders" when only its text was typed, and asks when another option was chosen too', () => {
    expect(ok(parse(Q1, { Q1_other: 'Zorgoverleg' }))).toEqual({ Q1: 3, Q1_other: 'Zorgoverleg' });
    expect(ok(parse({ ...Q1, required: false }, { Q1: '', Q1_other: 'Zorgoverleg' }))).toEqual({ Q1: 3, Q1_other: 'Zorgoverleg' });
    expect(err(parse(Q1, { Q1: '2', Q1_other: 'iets' }))).toBe(
      'U hebt “Volwassenen” gekozen en ook iets ingevuld bij “Anders, namelijk”. Kies “Anders” of maak het tekstvak leeg.',
    );
  });
  it('requires the "anders, namelijk" text when "Anders" is chosen', () => {
    expect(err(parse(Q1, { Q1: '3', Q1_other: '  ' }))).toBe('Vul bij “Anders” in wat u bedoelt.');
    expect(ok(parse(Q1, { Q1: '3', Q1_other: ' Zorgoverleg ' }))).toEqual({ Q1: 3, Q1_other: 'Zorgoverleg' });
  });
  it('enforces required and refuses codes that are not options', () => {
    expect(err(parse(Q1, {}))).toBe('Kies een antwoord.');
    expect(err(parse(Q1, { Q1: '7' }))).toBe('Kies een van de gegeven antwoorden.');
    expect(err(parse(Q1, { Q1: '1.5' }))).toBe('Kies een van de gegeven antwoorden.');
    expect(ok(parse({ ...Q1, required: false }, {}))).toEqual({ Q1: null, Q1_other: null });
  });
});

describe('yes/no', () => {
  const Q2 = q('Q2', 'yesno');
  it('stores 1 for yes and 0 for no', () => {
    expect(ok(parse(Q2, { Q2: '1' }))).toEqual({ Q2: 1 });
    expect(ok(parse(Q2, { Q2: '0' }))).toEqual({ Q2: 0 });
    expect(err(parse(Q2, {}))).toBe('Kies “Ja” of “Nee”.');
    expect(err(parse(Q2, { Q2: '2' }))).toBe('Kies “Ja” of “Nee”.');
  });
});

describe('Likert matrix', () => {
  const M1 = q('M1', 'likert');
  const M2 = q('M2', 'likert');
  it('stores one code per statement, including the declared missing column', () => {
    expect(ok(parse(M1, { M1_1: '4', M1_2: '5', M1_3: '1' }))).toEqual({ M1_1: 4, M1_2: 5, M1_3: 1 });
  });
  it('requires every statement of a required matrix and names the one left open', () => {
    expect(err(parse(M1, { M1_1: '4', M1_3: '1' }))).toBe('Kies ook een antwoord bij “De agenda is helder”.');
    expect(err(parse(M1, { M1_1: '4' }))).toBe('Kies bij elke stelling een antwoord (nog 2 open).');
  });
  it('accepts a partly answered optional matrix but no code outside the scale', () => {
    expect(ok(parse(M2, { M2_2: '3' }))).toEqual({ M2_1: null, M2_2: 3 });
    // M2 has no "geen oordeel" column, so 5 is not an answer there
    expect(err(parse(M2, { M2_1: '5' }))).toBe('Kies bij “Afspraken worden nagekomen” een van de gegeven antwoorden.');
  });
});

describe('multiple choice', () => {
  const Q3 = q('Q3', 'multi');
  it('stores 0/1 per option from repeated fields', () => {
    expect(ok(parse(Q3, { Q3: ['1', '2'] }))).toEqual({ Q3_1: 1, Q3_2: 1, Q3_3: 0, Q3_4: 0, Q3_other: null });
  });
  it('leaves every option null when nothing is chosen (unanswered, not "none")', () => {
    expect(ok(parse(Q3, {}))).toEqual({ Q3_1: null, Q3_2: null, Q3_3: null, Q3_4: null, Q3_other: null });
  });
  it('refuses an exclusive option combined with others', () => {
    expect(err(parse(Q3, { Q3: ['4', '1'] }))).toBe('“Geen vaste partners” kunt u niet combineren met andere antwoorden.');
    expect(ok(parse(Q3, { Q3: '4' }))).toMatchObject({ Q3_4: 1, Q3_1: 0 });
  });
  it('enforces the maximum and the minimum', () => {
    expect(err(parse(Q3, { Q3: ['1', '2', '3'], Q3_other: 'x' }))).toBe('Kies ten hoogste 2 antwoorden (u koos er 3).');
    expect(err(parse({ ...Q3, min: 2 }, { Q3: '1' }))).toBe('Kies ten minste 2 antwoorden (u koos er 1).');
    expect(err(parse({ ...Q3, required: true }, {}))).toBe('Kies ten minste één antwoord.');
  });
  it('ticks the "other" option when its text was typed, within the limits of the question', () => {
    expect(ok(parse(Q3, { Q3_other: 'Woningcorporatie' }))).toEqual({ Q3_1: 0, Q3_2: 0, Q3_3: 1, Q3_4: 0, Q3_other: 'Woningcorporatie' });
    expect(ok(parse(Q3, { Q3: '1', Q3_other: 'Woningcorporatie' }))).toEqual({ Q3_1: 1, Q3_2: 0, Q3_3: 1, Q3_4: 0, Q3_other: 'Woningcorporatie' });
    expect(err(parse(Q3, { Q3: '4', Q3_other: 'Woningcorporatie' }))).toBe('“Geen vaste partners” kunt u niet combineren met andere antwoorden.');
    expect(err(parse(Q3, { Q3: ['1', '2'], Q3_other: 'Woningcorporatie' }))).toBe('Kies ten hoogste 2 antwoorden (u koos er 3).');
  });
  it('requires the text of the "other" option', () => {
    expect(err(parse(Q3, { Q3: '3' }))).toBe('Vul bij “Anders” in wat u bedoelt.');
    expect(ok(parse(Q3, { Q3: '3', Q3_other: 'Woningcorporatie' }))).toMatchObject({ Q3_3: 1, Q3_other: 'Woningcorporatie' });
  });
  it('refuses values that are not options', () => {
    expect(err(parse(Q3, { Q3: ['1', '9'] }))).toBe('Kies uit de gegeven antwoorden.');
  });
});

describe('list of entries', () => {
  const Q4 = q('Q4', 'list');
  it('stores entries without gaps and nulls the rest', () => {
    expect(ok(parse(Q4, { Q4_1: '', Q4_2: 'Den Helder', Q4_3: ' Texel ' }))).toEqual({ Q4_1: 'Den Helder', Q4_2: 'Texel', Q4_3: null });
  });
  it('enforces the entry length and, when required, at least one entry', () => {
    expect(err(parse(Q4, { Q4_1: 'x'.repeat(41) }))).toBe('Regel 1 is 41 tekens lang; het maximum is 40 tekens.');
    expect(err(parse({ ...Q4, required: true }, {}))).toBe('Vul ten minste één regel in.');
    expect(err(parse({ ...Q4, minEntries: 2 }, { Q4_1: 'a' }))).toBe('Vul ten minste 2 regels in (nu 1).');
  });
  it('ignores fields beyond maxEntries', () => {
    expect(ok(parse(Q4, { Q4_4: 'extra' }))).toEqual({ Q4_1: null, Q4_2: null, Q4_3: null });
  });
});

describe('number with "weet niet"', () => {
  const Q5 = q('Q5', 'number');
  it('accepts whole numbers in range, with a unit or a decimal comma that is whole', () => {
    expect(ok(parse(Q5, { Q5: '40' }))).toEqual({ Q5: 40 });
    expect(ok(parse(Q5, { Q5: '40 %' }))).toEqual({ Q5: 40 });
    expect(ok(parse(Q5, { Q5: '0' }))).toEqual({ Q5: 0 });
  });
  it('stores "weet niet" as its declared missing code', () => {
    expect(ok(parse(Q5, { Q5_weetniet: '1' }))).toEqual({ Q5: 999 });
    expect(err(parse(Q5, { Q5: '20', Q5_weetniet: '1' }))).toBe('Vul een getal in of kies “Weet niet”, niet allebei.');
  });
  it('gives specific messages for range, integer, text and required', () => {
    expect(err(parse(Q5, { Q5: '120' }))).toBe('Vul een getal in van 0 tot en met 100.');
    expect(err(parse(Q5, { Q5: '-1' }))).toBe('Vul een getal in van 0 tot en met 100.');
    expect(err(parse(Q5, { Q5: '12,5' }))).toBe('Vul een heel getal in, zonder komma, van 0 tot en met 100.');
    expect(err(parse(Q5, { Q5: 'veel' }))).toBe('“veel” is geen getal. Vul een heel getal in van 0 tot en met 100.');
    expect(err(parse(Q5, {}))).toBe('Vul een getal in of kies “Weet niet”.');
    expect(ok(parse({ ...Q5, integer: false }, { Q5: '12,5' }))).toEqual({ Q5: 12.5 });
  });
});

describe('constant sum', () => {
  const Q6 = q('Q6', 'constantSum');
  it('accepts a distribution that totals exactly 100, counting blank items as 0', () => {
    expect(ok(parse(Q6, { Q6_a: '60', Q6_b: '40', Q6_c: '' }))).toEqual({ Q6_a: 60, Q6_b: 40, Q6_c: 0 });
  });
  it('says what the distribution adds up to when it is not 100', () => {
    expect(err(parse(Q6, { Q6_a: '50', Q6_b: '40' }))).toBe('De verdeling telt op tot 90 %; dat moet 100 % zijn.');
    expect(err(parse(Q6, { Q6_a: '70', Q6_b: '40' }))).toBe('De verdeling telt op tot 110 %; dat moet 100 % zijn.');
  });
  it('refuses negative, fractional and non-numeric items, and an empty required distribution', () => {
    expect(err(parse(Q6, { Q6_a: '-10', Q6_b: '110' }))).toBe('Vul bij “Voorbereiding” een getal van 0 of meer in.');
    expect(err(parse(Q6, { Q6_a: '50,5', Q6_b: '49,5' }))).toBe('Vul bij “Voorbereiding” een heel getal in, zonder komma.');
    expect(err(parse(Q6, { Q6_a: 'veel' }))).toBe('“veel” bij “Voorbereiding” is geen getal.');
    expect(err(parse(Q6, {}))).toBe('Verdeel 100 % over de onderdelen.');
    expect(ok(parse({ ...Q6, required: false }, {}))).toEqual({ Q6_a: null, Q6_b: null, Q6_c: null });
  });
  it('sums decimals without floating-point surprises', () => {
    expect(ok(parse({ ...Q6, integer: false }, { Q6_a: '33,3', Q6_b: '33,3', Q6_c: '33,4' }))).toEqual({ Q6_a: 33.3, Q6_b: 33.3, Q6_c: 33.4 });
  });
});

describe('open text', () => {
  const Q7 = q('Q7', 'open');
  const Q10 = q('Q10_naam', 'open');
  it('trims, keeps line breaks in a multi-line field and enforces the length', () => {
    expect(ok(parse(Q7, { Q7: ' regel 1\r\nregel 2 ' }))).toEqual({ Q7: 'regel 1\nregel 2' });
    expect(err(parse(Q7, { Q7: 'x'.repeat(51) }))).toBe('Uw antwoord is 51 tekens lang; het maximum is 50 tekens.');
    expect(ok(parse(Q7, { Q7: '   ' }))).toEqual({ Q7: null });
  });
  it('counts characters, not UTF-16 units', () => {
    expect(ok(parse(Q7, { Q7: '😀'.repeat(50) }))).toEqual({ Q7: '😀'.repeat(50) });
  });
  it('folds line breaks in a single-line field', () => {
    expect(ok(parse(Q10, { Q10_naam: 'Jan\n de Vries' }))).toEqual({ Q10_naam: 'Jan de Vries' });
  });
});

describe('e-mail', () => {
  const Q10 = q('Q10_email', 'email');
  it('accepts plausible addresses and refuses the rest', () => {
    expect(ok(parse(Q10, { Q10_email: ' jan@gemeente.nl ' }))).toEqual({ Q10_email: 'jan@gemeente.nl' });
    for (const bad of ['jan', 'jan@gemeente', 'jan @gemeente.nl', 'jan@@gemeente.nl', `${'x'.repeat(250)}@a.nl`]) {
      expect(err(parse(Q10, { Q10_email: bad }))).toBe('Dit is geen geldig e-mailadres. Vul een adres in zoals naam@organisatie.nl.');
    }
    expect(ok(parse(Q10, {}))).toEqual({ Q10_email: null });
  });
});

describe('toForm is the inverse of parse', () => {
  const answers: Record<string, FormInput> = {
    Q1: { Q1: '3', Q1_other: 'Zorg' },
    Q2: { Q2: '0' },
    M1: { M1_1: '1', M1_2: '5', M1_3: '4' },
    M2: { M2_1: '2' },
    Q3: { Q3: ['1', '3'], Q3_other: 'Zorg' },
    Q4: { Q4_1: 'Alkmaar', Q4_2: 'Hoorn' },
    Q5: { Q5_weetniet: '1' },
    Q6: { Q6_a: '10', Q6_b: '0', Q6_c: '90' },
    Q7: { Q7: 'a\nb' },
    Q8: { Q8: 'x' },
    Q9: { Q9: '1' },
    Q10_naam: { Q10_naam: 'Jan' },
    Q10_email: { Q10_email: 'jan@x.nl' },
  };
  it('round-trips every question type of the fixture', () => {
    const types = new Set<string>();
    for (const question of indexOf(qn).questions) {
      const form = answers[question.code];
      if (!form) throw new Error(`no answer for ${question.code}`);
      types.add(question.type);
      const values = ok(parse(question, form));
      const back = moduleOf(question).toForm(values);
      expect(ok(parse(question, back))).toEqual(values);
    }
    expect([...types].sort()).toEqual(['constantSum', 'email', 'likert', 'list', 'multi', 'number', 'open', 'single', 'yesno']);
  });
  it('gives no fields for unanswered questions', () => {
    for (const question of indexOf(qn).questions) {
      expect(moduleOf(question).toForm({})).toEqual({});
    }
  });
});
