import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { ChoiceQuestionReport } from '../../../server/domain/analysis/types.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { expectAllFinite } from '../../helpers/analysis.js';
import { instrument } from '../../helpers/questionnaire.js';

/**
 * The published Stappenmeter analysis (Tabel B1.2) shows max = 5 for both Q17 items: "geen oordeel" (5)
 * was averaged as a scale point, inflating informatiedeling. Here it never can be.
 */
describe('Stappenmeter Doelbereik: geen oordeel never raises a mean or a maximum above 4', () => {
  const q = instrument('stappenmeter-doelbereik');
  const informatiedeling = q.aspects.find((a) => a.id === 'informatiedeling')!;

  // eight respondents; Q17_1 and Q17_2 (the matrix with the extra "geen oordeel" column) get many 5s
  const q17_1 = [4, 5, 5, 3, 5, 4, 5, 2];
  const q17_2 = [5, 5, 4, 4, 5, 3, 5, 5];
  const responses: Values[] = q17_1.map((x, r) => {
    const values: Values = { Q2: 1 + (r % 2), Q3: 4, Q63: 20 - r };
    for (const code of q.aspects.flatMap((a) => a.items)) values[code] = 1 + ((r + code.length) % 4);
    values.Q17_1 = x;
    values.Q17_2 = q17_2[r]!;
    return values;
  });
  const report = analyze(q, responses, { minCellSize: 1 });

  it('describes Q17_1 and Q17_2 over the answers 1-4 only', () => {
    const q17a = report.items.find((i) => i.code === 'Q17_1')!;
    const q17b = report.items.find((i) => i.code === 'Q17_2')!;
    // Q17_1: 4, 3, 4, 2 → mean 13/4 = 3.25 (averaging the 5s too would give 33/8 = 4.125)
    expect([q17a.n, q17a.mean, q17a.max, q17a.missing.declared]).toEqual([4, 3.25, 4, 4]);
    // Q17_2: 4, 4, 3 → mean 11/3 (with the 5s: 36/8 = 4.5)
    expect([q17b.n, q17b.max, q17b.missing.declared]).toEqual([3, 4, 5]);
    expect(q17b.mean).toBeCloseTo(11 / 3, 12);
    expect(q17a.frequencies.find((r) => r.value === 5)).toMatchObject({ kind: 'missing', label: 'geen oordeel', count: 4, validPercent: null });
  });

  it('keeps every item, scale and score statistic of the report at most 4', () => {
    for (const item of report.items) {
      expect(item.max ?? 0).toBeLessThanOrEqual(4);
      expect(item.mean ?? 0).toBeLessThanOrEqual(4);
    }
    for (const scale of report.scales) {
      expect(scale.scoreMean ?? 0).toBeLessThanOrEqual(4);
      for (const s of scale.itemStats) expect(s.max ?? 0).toBeLessThanOrEqual(4);
    }
    expect(report.overall.mean!).toBeLessThanOrEqual(4);
    for (const b of report.breakdowns)
      for (const c of b.cells) for (const v of Object.values(c.scores)) expect(v ?? 0).toBeLessThanOrEqual(4);
    expectAllFinite(report);
  });

  it('scores informatiedeling on the answered statements only', () => {
    const scale = report.scales.find((s) => s.id === 'informatiedeling')!;
    expect(scale.items).toEqual(informatiedeling.items);
    // by hand, per respondent: the mean of the Q16/Q17 answers that are not 5
    const expected = responses.map((r) => {
      const xs = informatiedeling.items.map((c) => r[c] as number).filter((x) => x !== 5);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    });
    expect(scale.scoreN).toBe(8);
    expect(scale.scoreMean).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / 8, 12);
    // listwise reliability uses only the respondents without any geen oordeel: the 4th (Q17 = 3, 4) and the 6th (4, 3)
    expect(scale.n).toBe(2);
  });

  it('never averages attendance codes, and bands them by meaning', () => {
    const q63 = report.questions.find((x) => x.code === 'Q63') as ChoiceQuestionReport;
    expect('mean' in q63).toBe(false);
    const attendance = report.breakdowns.find((b) => b.variable === 'aanwezigheid')!;
    // codes 20 … 13 mean 22 … 15 attendances: seven in "16 of meer", one (code 13 = 15) in "11-15"
    expect(attendance.cells.map((c) => [c.value, c.n])).toEqual([
      ['3 of minder', 0],
      ['4-6', 0],
      ['7-10', 0],
      ['11-15', 1],
      ['16 of meer', 7],
      ['Onbekend', 0],
    ]);
  });
});
