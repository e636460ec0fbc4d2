import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import { compareHouses, type HouseInput } from '../../../server/domain/compare/houses.js';
import { CompareError, summarize, type ReportSummary } from '../../../server/domain/compare/summary.js';
import { compareWaves } from '../../../server/domain/compare/waves.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { testQuestionnaire } from '../../helpers/analysis.js';

const questionnaire = testQuestionnaire();

/**
 * A response whose Selectie score is `s` and Informatiedeling score `i`: every statement answered so,
 * except the reverse-keyed Q6_3 ("Er worden casussen gemist"), answered 5 − s so that it recodes to s.
 */
function response(s: number, i: number | null): Values {
  const v: Values = { Q2: 1, Q63: 1 };
  for (let k = 1; k <= 4; k++) {
    v[`Q6_${k}`] = k === 3 ? 5 - s : s;
    v[`Q17_${k}`] = i;
  }
  return v;
}

const house = (key: string, responses: Values[]): HouseInput & { responses: Values[] } => ({
  key,
  house: `Veiligheidshuis ${key}`,
  wave: `Ronde ${key}`,
  summary: summarize(analyze(questionnaire, responses, { by: [], minCellSize: 1 })),
  responses,
});

describe('compareWaves', () => {
  it('puts per aspect the two means, their n and the difference side by side (hand-computed)', () => {
    // this year: Selectie scores 4, 3, 3 → 10/3; Informatiedeling 2, 2, (none) → 2
    const now = summarize(analyze(questionnaire, [response(4, 2), response(3, 2), response(3, null)], { by: [], minCellSize: 1 }));
    // last year: Selectie 2, 3 → 2.5; Informatiedeling 4, 3 → 3.5
    const before = summarize(analyze(questionnaire, [response(2, 4), response(3, 3)], { by: [], minCellSize: 1 }));
    const c = compareWaves(now, before);
    expect(c.rows.map((r) => r.id)).toEqual(['selectie', 'informatie']);
    const [selectie, info] = c.rows;
    expect(selectie!.current).toEqual({ mean: 10 / 3, n: 3 });
    expect(selectie!.other).toEqual({ mean: 2.5, n: 2 });
    expect(selectie!.difference).toBeCloseTo(10 / 3 - 2.5, 12);
    expect(info!.current).toEqual({ mean: 2, n: 2 });
    expect(info!.difference).toBeCloseTo(-1.5, 12);
    expect(c.current.n).toBe(3);
    expect(c.other.n).toBe(2);
    // overall: per respondent the mean of their aspect scores → (3, 2.5, 3) this year, (3, 3) last year
    expect(c.overall.current.mean).toBeCloseTo(8.5 / 3, 12);
    expect(c.overall.other.mean).toBeCloseTo(3, 12);
  });

  it('refuses waves of another questionnaire version', () => {
    const a = summarize(analyze(questionnaire, [response(3, 3)], { by: [], minCellSize: 1 }));
    const b: ReportSummary = { ...a, version: '2.0' };
    expect(() => compareWaves(a, b)).toThrow(CompareError);
  });
});

describe('compareHouses', () => {
  const a = house('A', [response(4, 4), response(3, 3), response(3, 2), response(4, 3), response(2, 2), response(3, 3)]);
  const b = house('B', [response(2, 2), response(2, 3), response(1, 2), response(3, 3), response(2, 2)]);
  const c = house('C', [response(3, 4), response(4, 4), response(4, 4), response(3, 3), response(3, 4), response(4, 4), response(2, 4)]);

  it('uses the pooled mean of all respondents, which equals analyze() on the pooled responses', () => {
    const result = compareHouses(a, [b, c], 5);
    const pooled = analyze(questionnaire, [...a.responses, ...b.responses, ...c.responses], { by: [], minCellSize: 1 });
    for (const row of result.rows) {
      const scale = pooled.scales.find((s) => s.id === row.id)!;
      expect(row.reference.mean).toBeCloseTo(scale.scoreMean!, 12);
      expect(row.reference.n).toBe(scale.scoreN);
      expect(row.reference.houses).toBe(3);
      expect(row.difference).toBeCloseTo(row.current.mean! - scale.scoreMean!, 12);
    }
    expect(result.overall.reference.mean).toBeCloseTo(pooled.overall.mean!, 12);
    expect(result.table.map((r) => [r.key, r.current, r.suppression])).toEqual([
      ['A', true, null],
      ['B', false, null],
      ['C', false, null],
    ]);
    expect(result.definition).toMatch(/gepoolde gemiddelde/);
  });

  it('hides a house below the minimum, counts it in the pooled mean, and hides a second house so it cannot be recomputed', () => {
    const small = house('D', [response(1, 1), response(1, 1)]);
    const result = compareHouses(a, [b, c, small], 5);
    const byKey = new Map(result.table.map((r) => [r.key, r]));
    expect(byKey.get('D')!.suppression).toBe('small');
    expect(byKey.get('D')!.aspects.selectie!.mean).toBeNull();
    expect(byKey.get('D')!.n).toBe(2);
    // the smallest other house (B, 5 responses) is hidden as well
    expect(byKey.get('B')!.suppression).toBe('complementary');
    expect(byKey.get('B')!.overall.mean).toBeNull();
    // every cell of a house hidden as a whole gives the house's reason
    expect(byKey.get('B')!.aspects.selectie!.suppression).toBe('complementary');
    expect(byKey.get('D')!.overall.suppression).toBe('small');
    expect(byKey.get('C')!.aspects.selectie!.mean).not.toBeNull();
    // this house is always shown, and the pooled mean includes D's respondents
    expect(byKey.get('A')!.aspects.selectie!.mean).not.toBeNull();
    const pooled = analyze(questionnaire, [...a.responses, ...b.responses, ...c.responses, ...small.responses], { by: [], minCellSize: 1 });
    expect(result.rows[0]!.reference.mean).toBeCloseTo(pooled.scales[0]!.scoreMean!, 12);
    expect(result.rows[0]!.reference.suppressed).toBe(false);
  });

  it('withholds the pooled mean when it would reveal the only other house that is hidden', () => {
    const small = house('D', [response(1, 1), response(1, 1)]);
    const result = compareHouses(a, [small], 5);
    expect(result.table[1]!.suppression).toBe('small');
    for (const row of [...result.rows, result.overall]) {
      expect(row.reference.suppressed).toBe(true);
      expect(row.reference.mean).toBeNull();
      expect(row.difference).toBeNull();
      // n stays visible: it says how many respondents are behind the withheld number
      expect(row.reference.n).toBeGreaterThan(6);
    }
  });

  it('hides one aspect of a house whose respondents mostly skipped it', () => {
    // E has 6 responses but only 2 with an Informatiedeling score
    const e = house('E', [response(3, 3), response(3, 3), response(3, null), response(3, null), response(3, null), response(3, null)]);
    const result = compareHouses(a, [c, e, b], 5);
    const row = result.table.find((r) => r.key === 'E')!;
    expect(row.suppression).toBeNull();
    expect(row.aspects.selectie!.mean).toBe(3);
    expect(row.aspects.informatie!.mean).toBeNull();
    expect(row.aspects.informatie!.suppression).toBe('small');
    // and the smallest other house's Informatiedeling score is hidden with it
    expect(result.table.find((r) => r.key === 'B')!.aspects.informatie!.suppression).toBe('complementary');
  });
});
