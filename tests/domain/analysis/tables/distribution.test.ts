/** The answer distribution per statement: percentages of the answers given, rounded so each row adds up to 100. */
import { describe, expect, it } from 'vitest';
import { distributions, itemDistribution, sideOf } from '../../../../server/domain/analysis/distribution.js';
import { analyze } from '../../../../server/domain/analysis/report.js';
import { distributionTable } from '../../../../server/domain/analysis/tables/distribution.js';
import { cellText } from '../../../../server/domain/analysis/tables/model.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../../helpers/miniStappenmeter.js';

const q = fixtureQuestionnaire();

describe('itemDistribution', () => {
  it('counts scale points and geen oordeel, not skipped answers, and rounds by largest remainder to 100', () => {
    // Q17_1: 1, 2, 2, 4, geen oordeel (5), and one skip; 5 answers given
    const responses = [1, 2, 2, 4, 5, null].map((v) => ({ Q2: 1, Q17_1: v }));
    const report = analyze(q, responses);
    const d = itemDistribution(report.items.find((i) => i.code === 'Q17_1')!, 0);
    expect(d.n).toBe(5);
    expect(d.categories.map((c) => [c.label, c.side, c.count, c.percent])).toEqual([
      ['helemaal niet', 'negative', 1, 20],
      ['enigszins', 'negative', 2, 40],
      ['grotendeels', 'positive', 0, 0],
      ['volledig', 'positive', 1, 20],
      ['geen oordeel', 'apart', 1, 20],
    ]);
    // thirds: 33 + 33 + 34, never 99
    const thirds = analyze(q, [1, 2, 3].map((v) => ({ Q2: 1, Q6_1: v })));
    const percents = itemDistribution(thirds.items.find((i) => i.code === 'Q6_1')!, 0).categories.map((c) => c.percent!);
    expect(percents.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('puts the lower half of the scale left, the upper half right and an odd scale’s middle on the line', () => {
    expect([0, 1, 2, 3].map((i) => sideOf(i, 4))).toEqual(['negative', 'negative', 'positive', 'positive']);
    expect([0, 1, 2, 3, 4].map((i) => sideOf(i, 5))).toEqual(['negative', 'negative', 'neutral', 'positive', 'positive']);
  });
});

describe('distributionTable', () => {
  const report = analyze(q, fixtureResponses(40));
  const groups = distributions(report);

  it('has a table per aspect with n and a column per answer, geen oordeel where a statement has it', () => {
    expect(groups.map((g) => g.label)).toEqual(['Selectie', 'Informatiedeling']);
    const t = distributionTable(groups[1]!, 3, 0);
    expect(t.title).toBe('Tabel 3. Verdeling van de antwoorden: Informatiedeling');
    expect(t.columns.filter((c) => !c.detail).map((c) => c.label)).toEqual(['Uitspraak', 'n', 'helemaal niet (%)', 'enigszins (%)', 'grotendeels (%)', 'volledig (%)', 'geen oordeel (%)']);
    for (const row of t.groups[0]!.rows) {
      const percents = row.cells.slice(3).map((c) => c.value as number);
      expect(percents.reduce((a, b) => a + b, 0)).toBe(100);
    }
    expect(t.notes[0]).toContain('inclusief ‘geen oordeel’');
    const selectie = distributionTable(groups[0]!, 2, 0);
    expect(selectie.columns.map((c) => c.label)).not.toContain('geen oordeel (%)');
    expect(selectie.notes[0]).not.toContain('geen oordeel');
    // a reverse-keyed statement is shown as answered, and says so
    expect(selectie.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Q6_3')!.cells[1]!.remark).toBe('(omgekeerd geformuleerd)');
    expect(cellText(selectie.groups[0]!.rows[0]!.cells[2]!)).toBe(String(groups[0]!.items[0]!.n));
  });
});
