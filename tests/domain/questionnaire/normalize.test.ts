import { describe, expect, it } from 'vitest';
import { defaultMinAnswered, indexOf, normalize } from '../../../server/domain/questionnaire/normalize.js';
import { agree, base, file, questionnaire } from '../../helpers/questionnaire.js';

describe('normalize', () => {
  const q = questionnaire({ $schema: './questionnaire.schema.json', ...base() });

  it('applies the defaults and drops $schema and answerScales', () => {
    expect(q.language).toBe('nl');
    expect(q.intro).toBe('');
    expect(q.closing).toBe('Hartelijk dank voor het invullen van de vragenlijst.');
    expect(q).not.toHaveProperty('$schema');
    expect(q).not.toHaveProperty('answerScales');
    expect(indexOf(q).question.get('Q1')).toMatchObject({ required: false, display: 'radio' });
  });

  it('inlines a named answer scale', () => {
    expect(indexOf(q).question.get('Q6')).toMatchObject({ scale: agree });
  });

  it('lists every variable in page order with the codes exports use', () => {
    expect(q.variables.map((v) => v.code)).toEqual([
      'Q1', 'Q2', 'Q3', 'Q4_1', 'Q4_2', 'Q4_3', 'Q4_4', 'Q4_other', 'Q5',
      'Q6_1', 'Q6_2', 'Q6_3', 'Q7_1', 'Q7_2',
      'Q8_1', 'Q8_2', 'Q8_3', 'Q9',
    ]);
    const byCode = indexOf(q).variable;
    expect(byCode.get('Q1')?.missingValues).toEqual([3]);
    expect(byCode.get('Q3')?.missingValues).toEqual([999]);
    expect(byCode.get('Q6_2')?.missingValues).toEqual([9]);
    expect(byCode.get('Q6_2')?.valueLabels.map((l) => l.value)).toEqual([1, 2, 3, 4, 9]);
    expect(byCode.get('Q4_other')?.kind).toBe('text');
    expect(indexOf(q).owner.get('Q7_2')).toBe('Q7');
    expect(indexOf(q).pageOf.get('Q8')).toBe(2);
  });

  it('gives each aspect its minimum of answered items: half the items rounded up, unless set', () => {
    expect(defaultMinAnswered(1)).toBe(1);
    expect(defaultMinAnswered(6)).toBe(3);
    expect(defaultMinAnswered(13)).toBe(7);
    expect(q.aspects).toEqual([{ id: 'oordeel', label: 'Oordeel', items: ['Q6_1', 'Q6_2', 'Q6_3'], minAnswered: 2 }]);
    const raw = base();
    raw.aspects[0]!.minAnswered = 3;
    expect(questionnaire(raw).aspects[0]?.minAnswered).toBe(3);
  });

  it('refuses an unknown answer scale (lint reports it first)', () => {
    const raw = base();
    raw.pages[1]!.blocks[0]!.scale = 'onbekend';
    expect(() => normalize(file(raw))).toThrow(/unknown answer scale "onbekend" in Q6/);
  });
});
