/**
 * Property tests of the analysis engine over random small datasets (fast-check, fixed seed): whatever
 * the answers — valid codes, declared missing codes (geen oordeel, weet niet), codes that do not
 * exist, fractions, negative, huge or non-finite numbers, text where a code belongs, blanks — and
 * however few responses, analyze() returns a report without NaN or Infinity anywhere, and on the real
 * Stappenmeter no mean, maximum or score ever exceeds the top of its 1-4 scale.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { Questionnaire } from '../../../server/domain/questionnaire/normalize.js';
import type { Value, Values } from '../../../server/domain/questionnaire/variables.js';
import { expectAllFinite, testQuestionnaire } from '../../helpers/analysis.js';
import { instrument } from '../../helpers/questionnaire.js';

const SEED = 5052026;

const questionnaires: Array<[string, Questionnaire]> = [
  ['analyse-test', testQuestionnaire()],
  ['stappenmeter-doelbereik', instrument('stappenmeter-doelbereik')],
  ['breedtescan-ketenmanagers', instrument('breedtescan-ketenmanagers')],
];

/** A value for one variable: mostly its own codes, often junk. */
function valueArb(q: Questionnaire, code: string): fc.Arbitrary<Value | undefined> {
  const v = q.variables.find((x) => x.code === code)!;
  if (v.kind === 'text') return fc.option(fc.string({ maxLength: 8 }), { nil: undefined });
  const codes = [...v.valueLabels.map((l) => l.value), ...v.missingValues];
  return fc.oneof(
    { weight: 8, arbitrary: codes.length > 0 ? fc.constantFrom(...codes) : fc.integer({ min: 0, max: 100 }) },
    { weight: 3, arbitrary: fc.constantFrom(undefined, null, '') },
    { weight: 2, arbitrary: fc.integer({ min: -5, max: 1005 }) },
    { weight: 1, arbitrary: fc.constantFrom(0.5, 2.5, -1, 1e300, -1e300, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-300, Infinity, -Infinity, NaN) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.constantFrom('x', '3', ' ', 'weet niet') },
  );
}

function responsesArb(q: Questionnaire, maxResponses: number): fc.Arbitrary<Values[]> {
  const codes = q.variables.map((v) => v.code);
  const response = fc.tuple(...codes.map((c) => valueArb(q, c))).map((values) => {
    const out: Values = {};
    // absent and null are different inputs to the engine (JSON without the key, or an explicit blank)
    values.forEach((x, i) => {
      if (x !== undefined) out[codes[i]!] = x;
    });
    return out;
  });
  return fc.array(response, { maxLength: maxResponses });
}

const optionsArb = (q: Questionnaire) =>
  fc.record({
    minCellSize: fc.integer({ min: 1, max: 6 }),
    minAspects: fc.integer({ min: 1, max: Math.max(1, q.aspects.length) }),
    percentDecimals: fc.integer({ min: 0, max: 2 }),
  });

describe('analyze() on random small datasets', () => {
  for (const [name, q] of questionnaires) {
    it(`${name}: never throws and never puts NaN or Infinity in the report`, () => {
      fc.assert(
        fc.property(responsesArb(q, 12), optionsArb(q), (responses, options) => {
          const report = analyze(q, responses, options);
          expect(report.n).toBe(responses.length);
          expectAllFinite(report);
        }),
        { seed: SEED, numRuns: 150 },
      );
    });
  }

  it('the same with answers that are all valid codes and tiny samples, where identical columns and zero variances are common', () => {
    const [, q] = questionnaires[0]!;
    const tiny = fc.array(
      fc.record({
        Q6_1: fc.integer({ min: 1, max: 2 }),
        Q6_2: fc.integer({ min: 1, max: 2 }),
        Q6_3: fc.integer({ min: 1, max: 2 }),
        Q6_4: fc.integer({ min: 1, max: 2 }),
        Q17_1: fc.integer({ min: 1, max: 5 }),
        Q17_2: fc.integer({ min: 1, max: 5 }),
        Q17_3: fc.integer({ min: 4, max: 5 }),
        Q17_4: fc.integer({ min: 4, max: 5 }),
        Q2: fc.integer({ min: 1, max: 3 }),
      }),
      { maxLength: 5 },
    );
    fc.assert(
      fc.property(tiny, (responses) => expectAllFinite(analyze(q, responses))),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe('Stappenmeter on random data: geen oordeel (5) never raises a mean, maximum or score above 4', () => {
  const q = questionnaires[1]![1];
  const statements = q.aspects.flatMap((a) => a.items);
  // every statement 1-4 or geen oordeel (Q17 declares 5 missing; elsewhere 5 is not a code at all), or blank
  const answer = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 3, arbitrary: fc.constant(5) }, { weight: 1, arbitrary: fc.constant(null) });
  const response = fc
    .tuple(fc.tuple(...statements.map(() => answer)), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 20 }))
    .map(([xs, q2, q3, q63]) => {
      const values: Values = { Q2: q2, Q3: q3, Q63: q63 };
      statements.forEach((code, i) => (values[code] = xs[i]!));
      return values;
    });

  it('on items, scales, the overall score and every breakdown cell', () => {
    fc.assert(
      fc.property(fc.array(response, { minLength: 1, maxLength: 25 }), fc.integer({ min: 1, max: 5 }), (responses, minCellSize) => {
        const report = analyze(q, responses, { minCellSize });
        const inScale = (x: number | null | undefined) => x === null || x === undefined || (x >= 1 && x <= 4);
        for (const item of report.items) {
          expect(inScale(item.max) && inScale(item.min) && inScale(item.mean), item.code).toBe(true);
          // the mean is over the answers 1-4 only, whatever else was given
          const valid = responses.map((r) => r[item.code]).filter((x): x is number => typeof x === 'number' && x >= 1 && x <= 4);
          expect(item.n, item.code).toBe(valid.length);
          if (valid.length >= minCellSize) expect(Math.abs(item.mean! - valid.reduce((a, b) => a + b, 0) / valid.length)).toBeLessThan(1e-12);
          // fewer answers than the minimum: nothing of the statement is published
          else if (valid.length > 0) expect([item.mean, item.suppressed, item.frequencies]).toEqual([null, true, []]);
        }
        for (const scale of report.scales) {
          expect(inScale(scale.scoreMean), scale.id).toBe(true);
          for (const s of scale.itemStats) expect(inScale(s.max) && inScale(s.mean), `${scale.id} ${s.code}`).toBe(true);
        }
        expect(inScale(report.overall.mean)).toBe(true);
        for (const b of report.breakdowns)
          for (const c of b.cells) {
            for (const v of Object.values(c.scores)) expect(inScale(v), `${b.variable} ${c.value}`).toBe(true);
            expect(inScale(c.overall)).toBe(true);
          }
        expectAllFinite(report);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
