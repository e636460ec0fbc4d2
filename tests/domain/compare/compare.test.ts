import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import { compareHouses, type HouseInput } from '../../../server/domain/compare/houses.js';
import { houseMeansReveal } from '../../../server/domain/compare/houses.js';
import { comparableAspects } from '../../../server/domain/compare/comparable.js';
import { readDifference } from '../../../server/domain/compare/difference.js';
import { summarize } from '../../../server/domain/compare/summary.js';
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

const house = (key: string, selectie: number[]): HouseInput & { responses: Values[] } => {
  const responses = selectie.map((s) => response(s, 3));
  return { key, house: `Veiligheidshuis ${key}`, wave: `Ronde ${key}`, period: '2025', summary: summarize(analyze(questionnaire, responses, { by: [], minCellSize: 1 })), responses };
};
const ALL = new Set(['selectie', 'informatie']);

describe('compareWaves', () => {
  it('puts per aspect the two means, their n and the difference with its Welch interval side by side (R: t.test)', () => {
    const now = summarize(analyze(questionnaire, [4, 3, 3, 2, 4].map((s) => response(s, 2)), { by: [], minCellSize: 1 }));
    const before = summarize(analyze(questionnaire, [2, 3, 3, 2, 2, 3].map((s) => response(s, 2)), { by: [], minCellSize: 1 }));
    const c = compareWaves(now, before, ALL);
    const [selectie, info] = c.rows;
    expect([selectie!.current.mean, selectie!.current.n, selectie!.other.n]).toEqual([3.2, 5, 6]);
    expect(selectie!.difference).toBeCloseTo(3.2 - 2.5, 14);
    // R: t.test(c(4,3,3,2,4), c(2,3,3,2,2,3))$conf.int
    expect(selectie!.differenceInterval.interval![0]).toBeCloseTo(-0.34063742428380223, 12);
    expect(selectie!.differenceInterval.interval![1]).toBeCloseTo(1.74063742428380253, 12);
    expect(selectie!.differenceInterval.reading).toMatch(/kan op toeval berusten; het interval is te breed/);
    // zero spread on both sides: the interval is the point, 0 − 0
    expect(info!.differenceInterval.interval).toEqual([0, 0]);
    expect(info!.differenceInterval.reading).toBe('Het verschil is klein en kan op toeval berusten.');
  });

  it('compares only the aspects the comparability rule keeps, and the overall score only when all are kept', () => {
    const a = summarize(analyze(questionnaire, [response(3, 3), response(4, 2)], { by: [], minCellSize: 1 }));
    const c = compareWaves(a, a, new Set(['selectie']));
    expect(c.rows.map((r) => [r.id, r.comparable, r.other.mean])).toEqual([
      ['selectie', true, 3.5],
      ['informatie', false, null],
    ]);
    expect([c.overall.comparable, c.overall.difference]).toEqual([false, null]);
  });

  it('reads an interval only as far as it goes', () => {
    const words = { higher: 'Hoger', lower: 'Lager' };
    expect(readDifference([0.1, 0.5], words)).toMatch(/^Hoger; het verschil is groter dan toeval/);
    expect(readDifference([-0.5, -0.1], words)).toMatch(/^Lager;/);
    expect(readDifference([-0.2, 0.24], words)).toBe('Het verschil is klein en kan op toeval berusten.');
    expect(readDifference([-0.2, 0.6], words)).toMatch(/te breed/);
    expect(readDifference(null, words)).toMatch(/Geen interval/);
  });
});

describe('comparableAspects: the questionnaire store’s rule per aspect', () => {
  it('keeps every aspect of the same version, only the unchanged ones of another version, none of another questionnaire', () => {
    const q2 = structuredClone(questionnaire);
    q2.version = '2.0';
    // reworded: still comparable; an item dropped from Informatiedeling: no longer
    q2.aspects[0]!.label = 'Selectie van casussen';
    q2.aspects[1]!.items = q2.aspects[1]!.items.slice(0, 3);
    expect([...comparableAspects(questionnaire, questionnaire)]).toEqual(['selectie', 'informatie']);
    expect([...comparableAspects(questionnaire, q2)]).toEqual(['selectie']);
    expect([...comparableAspects(q2, questionnaire)]).toEqual(['selectie']);
    expect([...comparableAspects(questionnaire, { ...questionnaire, id: 'ander' })]).toEqual([]);
  });
});

describe('compareHouses: the benchmark', () => {
  const a = house('A', [4, 3, 3, 2, 4]);
  const b = house('B', [2, 3, 3, 2, 2, 3]);
  const c = house('C', [3, 3, 4, 4, 3, 2, 1]);
  const small = house('D', [1, 1]);
  const nobody = () => false;

  it('pools the other houses with at least the minimum, never this house nor a small one, and gives the mean of house means (R)', () => {
    const result = compareHouses(a, [b, c, small], 5, nobody);
    const selectie = result.rows[0]!;
    // R: mean(c(b, c)), sd(c(b, c)), t.test(a, c(b, c))$conf.int; (mean(b) + mean(c)) / 2
    expect(selectie.reference.mean).toBeCloseTo(2.6923076923076925, 14);
    expect(selectie.reference.sd).toBeCloseTo(0.85485041426511033, 13);
    expect([selectie.reference.n, selectie.reference.houses]).toEqual([13, 2]);
    expect(selectie.reference.houseMeans).toBeCloseTo(2.6785714285714288, 14);
    expect(selectie.differenceInterval.interval![0]).toBeCloseTo(-0.52688388243788875, 12);
    expect(selectie.differenceInterval.interval![1]).toBeCloseTo(1.54226849782250408, 12);
    // the pooled mean equals analyze() on the pooled responses of the houses that count
    const pooled = analyze(questionnaire, [...b.responses, ...c.responses], { by: [] });
    expect(selectie.reference.mean).toBeCloseTo(pooled.scales[0]!.scoreMean!, 12);
    // the small house is listed, without its n, and does not count
    const d = result.waves.find((w) => w.key === 'D')!;
    expect([d.n, d.counted, d.aspects.selectie!.tooSmall, d.aspects.selectie!.mean]).toEqual([null, false, true, null]);
    expect(result.waves.map((w) => [w.key, w.n, w.counted])).toEqual([
      ['B', 6, true],
      ['C', 7, true],
      ['D', null, false],
    ]);
  });

  it('withholds for a reader what would give one unreadable house: the pooled mean with one, the mean of house means with two', () => {
    const one = compareHouses(a, [b, small], 5, () => true).rows[0]!.reference;
    expect([one.suppressed, one.mean, one.houseMeans]).toEqual([true, null, null]);
    const two = compareHouses(a, [b, c], 5, () => true).rows[0]!.reference;
    expect([two.suppressed, two.houseMeansSuppressed, two.houseMeans]).toEqual([false, true, null]);
    expect(two.mean).not.toBeNull();
    // a house the reader may read anyway does not need hiding: B is readable, C alone is not → withheld
    const readable = compareHouses(a, [b, c], 5, (key) => key === 'C').rows[0]!.reference;
    expect(readable.suppressed).toBe(true);
    // who reads every house gets both
    const all = compareHouses(a, [b, c], 5, nobody).rows[0]!.reference;
    expect([all.suppressed, all.houseMeansSuppressed]).toEqual([false, false]);
  });

  it('knows when the pooled mean and the mean of house means give one house: every other n equal', () => {
    expect(houseMeansReveal([])).toBe(false);
    expect(houseMeansReveal([7])).toBe(false);
    expect(houseMeansReveal([7, 9])).toBe(true);
    expect(houseMeansReveal([10, 10, 20])).toBe(true);
    expect(houseMeansReveal([10, 12, 20])).toBe(false);
    expect(houseMeansReveal([10, 12, 20, 10])).toBe(false);
    expect(houseMeansReveal([10, 10, 10, 30])).toBe(true);
  });
});
