import { describe, expect, it } from 'vitest';
import { BLANK, extractor, NUMBER, OTHER } from '../../../server/domain/analysis/extract.js';
import { CodeSlots } from '../../../server/domain/analysis/codeSlots.js';
import { buildPlan } from '../../../server/domain/analysis/plan.js';
import { testQuestionnaire } from '../../helpers/analysis.js';
import { instrument } from '../../helpers/questionnaire.js';

describe('CodeSlots', () => {
  const opts = (values: number[]) => values.map((value) => ({ value, label: String(value) }));

  it('puts substantive codes first, declared missing codes after them', () => {
    const slots = new CodeSlots(opts([1, 2, 3, 4]), opts([5]));
    expect([1, 2, 3, 4, 5].map((v) => slots.slot(v))).toEqual([0, 1, 2, 3, 4]);
    expect(slots.valid).toBe(4);
  });

  it('answers −1 for anything that is not a code: out of range, fractional, NaN', () => {
    for (const slots of [new CodeSlots(opts([1, 2, 3]), opts([8])), new CodeSlots(opts([1, 2, 3]), opts([99999]))]) {
      expect([0, 4, 2.5, NaN, -1, Infinity].map((v) => slots.slot(v))).toEqual([-1, -1, -1, -1, -1, -1]);
      expect(slots.slot(3)).toBe(2);
    }
    expect(new CodeSlots(opts([1, 2, 3]), opts([99999])).slot(99999)).toBe(3);
  });
});

describe('extractor', () => {
  it('reads numbers, blanks and other values into typed arrays', () => {
    const ex = extractor(['A', 'B', 'C', 'D', 'E']);
    ex.read({ A: 3, B: null, C: '', D: 'x' });
    expect(Array.from(ex.kind)).toEqual([NUMBER, BLANK, BLANK, OTHER, BLANK]);
    expect(ex.num[0]).toBe(3);
    expect(Number.isNaN(ex.num[3]!)).toBe(true);
  });

  it('accepts only variable codes, so nothing but a code can enter the generated reader', () => {
    expect(() => extractor(['A"]; process.exit(1); //'])).toThrow(/not a variable code/);
  });
});

describe('buildPlan', () => {
  it('skips routing when no analysed question can be hidden (Stappenmeter: only contact questions are routed)', () => {
    const { plan } = buildPlan(instrument('stappenmeter-doelbereik'), []);
    expect(plan.needsRouting).toBe(false);
    expect(plan.items).toHaveLength(48);
  });

  it('routes when an analysed question is on a conditional page', () => {
    expect(buildPlan(testQuestionnaire(), []).plan.needsRouting).toBe(true);
  });
});
