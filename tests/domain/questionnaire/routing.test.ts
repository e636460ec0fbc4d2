import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { route } from '../../../server/domain/questionnaire/routing.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { base, instrument, questionnaire, type Raw } from '../../helpers/questionnaire.js';

// pages: 0 "achtergrond" (intro text, Q1..Q5), 1 "oordeel" (Q6 Likert, Q7 constant sum), 2 "slot" (Q8 list, Q9 e-mail)
const all = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7', 'Q8', 'Q9'];

function routed(edit: (raw: Raw) => void) {
  const raw = base();
  edit(raw);
  return questionnaire(raw);
}

describe('route', () => {
  it('shows every page and question when there are no conditions, and keeps every answer', () => {
    const q = questionnaire(base());
    const values = { Q1: 1, Q4_1: 1, Q4_other: 'x', Q6_1: 3, Q8_1: 'Halt' };
    const r = route(q, values);
    expect(r.pages).toEqual([0, 1, 2]);
    expect([...r.shown]).toEqual(all);
    expect(r.values).toEqual(values);
  });

  it('drops every variable of a hidden question, and only those', () => {
    const q = routed((raw) => {
      raw.pages[0]!.blocks[4]!.showIf = { q: 'Q2', equals: 1 };
    });
    const values = { Q2: 0, Q4_1: 1, Q4_3: 1, Q4_other: 'Halt', Q5: 'toelichting' };
    const r = route(q, values);
    expect(r.shown.has('Q4')).toBe(false);
    expect(r.values).toEqual({ Q2: 0, Q5: 'toelichting' });
    // the input is left alone
    expect(values.Q4_other).toBe('Halt');
    expect(r.values).not.toBe(values);
    // with nothing to drop the answers are not copied
    const kept = { Q2: 1, Q5: 'toelichting' };
    expect(route(q, kept).values).toBe(kept);
    expect(route(q, { ...kept, Q2: 0 }).values).toEqual({ Q2: 0, Q5: 'toelichting' });
    expect(route(q, { ...values, Q2: 1 }).values).toEqual({ ...values, Q2: 1 });
  });

  it('hides a page: its questions are not shown and their answers are dropped', () => {
    const q = routed((raw) => {
      raw.pages[1]!.showIf = { q: 'Q3', gte: 50 };
    });
    const r = route(q, { Q3: 10, Q6_1: 4, Q6_2: 9, Q7_1: 60, Q7_2: 40, Q8_1: 'Halt' });
    expect(r.pages).toEqual([0, 2]);
    expect(r.shown.has('Q6')).toBe(false);
    expect(r.shown.has('Q7')).toBe(false);
    expect(r.values).toEqual({ Q3: 10, Q8_1: 'Halt' });
  });

  it('does not let a declared missing code pass a numeric condition ("weet niet" = 999 is not ≥ 50)', () => {
    const q = routed((raw) => {
      raw.pages[1]!.showIf = { q: 'Q3', gte: 50 };
    });
    expect(route(q, { Q3: 999 }).pages).toEqual([0, 2]);
    expect(route(q, { Q3: 50 }).pages).toEqual([0, 1, 2]);
  });

  it('treats an answer dropped by an earlier condition as unanswered in later conditions', () => {
    const q = routed((raw) => {
      raw.pages[0]!.blocks[3]!.showIf = { q: 'Q2', equals: 1 };
      raw.pages[1]!.showIf = { q: 'Q3', notEquals: 20 };
      raw.pages[2]!.showIf = { q: 'Q3', answered: true };
    });
    // Q3 = 20 was given but Q3 was hidden (Q2 = 0): it no longer counts, so notEquals holds and answered does not
    const r = route(q, { Q2: 0, Q3: 20 });
    expect(r.shown.has('Q3')).toBe(false);
    expect(r.values).toEqual({ Q2: 0 });
    expect(r.pages).toEqual([0, 1]);
    const shown = route(q, { Q2: 1, Q3: 20 });
    expect(shown.pages).toEqual([0, 2]);
    expect(shown.values).toEqual({ Q2: 1, Q3: 20 });
  });

  it('applies a condition on an earlier question of the same page', () => {
    const q = routed((raw) => {
      raw.pages[0]!.blocks[5]!.showIf = { q: 'Q4', includes: 3 };
    });
    expect(route(q, { Q4_3: 1, Q5: 'x' }).values).toEqual({ Q4_3: 1, Q5: 'x' });
    expect(route(q, { Q4_3: 0, Q5: 'x' }).values).toEqual({ Q4_3: 0 });
  });

  it('leaves out a page whose questions are all hidden, but keeps a page with only text', () => {
    const q = routed((raw) => {
      for (const block of raw.pages[2]!.blocks) block.showIf = { q: 'Q2', equals: 1 };
      raw.pages.push({ id: 'bedankt', blocks: [{ type: 'text', text: 'Dank u wel.' }] });
    });
    expect(route(q, { Q2: 0 }).pages).toEqual([0, 1, 3]);
    expect(route(q, { Q2: 1 }).pages).toEqual([0, 1, 2, 3]);
  });
});

describe('route is idempotent on the shipped questionnaires (the page POST reuses the route of its parsed answers)', () => {
  for (const id of ['breedtescan-ketenmanagers', 'stappenmeter-doelbereik']) {
    it(`${id}: route(route(v).values) shows the same pages and questions and keeps the same answers`, () => {
      const q = instrument(id);
      const answer = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -1, max: 12 }), fc.constantFrom('', 'anders', 'Halt'));
      const values = fc.tuple(...q.variables.map(() => answer)).map((xs) => {
        const v: Values = {};
        xs.forEach((x, i) => {
          if (x !== undefined) v[q.variables[i]!.code] = x;
        });
        return v;
      });
      fc.assert(
        fc.property(values, (v) => {
          const once = route(q, v);
          const twice = route(q, once.values);
          expect(twice.pages).toEqual(once.pages);
          expect([...twice.shown]).toEqual([...once.shown]);
          expect(twice.values).toEqual(once.values);
        }),
        { numRuns: 300, seed: 20261122 },
      );
    });
  }
});
