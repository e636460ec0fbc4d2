/**
 * The tables the results page opens with: the scores with their 95 % interval (Tabel 1), the one rule
 * with its thresholds, and the summary against the previous wave and all houses, numbered and built
 * once for the page and the workbook.
 */
import { describe, expect, it } from 'vitest';
import { resultsTables } from '../../../../server/domain/analysis/tables/index.js';
import { cellText, type Table } from '../../../../server/domain/analysis/tables/model.js';
import { summaryTable } from '../../../../server/domain/analysis/tables/summary.js';
import { analyze } from '../../../../server/domain/analysis/report.js';
import { compareHouses } from '../../../../server/domain/compare/houses.js';
import { summarize } from '../../../../server/domain/compare/summary.js';
import { compareWaves } from '../../../../server/domain/compare/waves.js';
import { meanInterval } from '../../../../server/domain/stats/meanInterval.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../../helpers/miniStappenmeter.js';

const q = fixtureQuestionnaire();
const report = analyze(q, fixtureResponses(40), { minCellSize: 5 });
const previous = analyze(q, fixtureResponses(30, 7), { minCellSize: 5 });
const small = analyze(q, fixtureResponses(3, 9), { minCellSize: 5 });
const other = analyze(q, fixtureResponses(50, 11), { minCellSize: 5 });

/** Rows of a table as the page prints them (every column, detail columns too). */
const printed = (t: Table) => t.groups.flatMap((g) => g.rows.map((r) => r.cells.map((c) => (c.mark ? `–${c.mark}` : cellText(c)))));

describe('the scores table', () => {
  it('gives each aspect its 95 % interval from the t distribution (meanInterval), also in the workbook’s bound columns', () => {
    const { scores } = resultsTables(report);
    expect(scores.title).toBe('Tabel 1. Gemiddelde score per aspect');
    expect(scores.columns.map((c) => c.label)).toEqual(['Aspect', 'n', 'Gemiddelde', '95%-interval', 'SD', '95%-interval ondergrens', '95%-interval bovengrens']);
    const s = report.scales[0]!;
    const ci = meanInterval(s.scoreMean, s.scoreSd, s.scoreN).value!;
    const row = scores.groups[0]!.rows[0]!;
    expect(cellText(row.cells[3]!)).toBe(`[${ci[0].toFixed(2).replace('.', ',')}; ${ci[1].toFixed(2).replace('.', ',')}]`);
    expect(row.cells[5]!.value).toBe(ci[0]);
    expect(row.cells[6]!.value).toBe(ci[1]);
  });

  it('states the aspect rule once, with the thresholds in a small table, instead of a formula per aspect', () => {
    const { scores, thresholds } = resultsTables(report);
    expect(scores.notes.filter((n) => n.startsWith('Aspectscore'))).toHaveLength(1);
    expect(scores.notes.some((n) => n.startsWith('Aspectscore Selectie'))).toBe(false);
    expect(printed(thresholds)).toEqual([
      ['Selectie', '3', '2', '1'],
      ['Informatiedeling', '2', '1', '0'],
    ]);
    expect(thresholds.columns.map((c) => c.label)).toEqual(['Aspect', 'Uitspraken', 'Minimaal beantwoord', 'Omgekeerd geformuleerd']);
  });

  it('numbers the tables in page order: scores, distributions, reliability, groups, statements, questions', () => {
    const t = resultsTables(report);
    const numbers = [t.scores, ...t.distributions, t.reliability, t.breakdowns!, t.items, ...t.questions.flat().filter((x) => x.title.startsWith('Tabel'))].map((x) =>
      Number(/^Tabel (\d+)\./.exec(x.title)![1]),
    );
    expect(numbers.slice(0, 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('the summary table', () => {
  it('compares every aspect with the previous wave and the pooled mean of all houses, differences rounded as printed', () => {
    const waves = compareWaves(summarize(report), summarize(previous));
    const houses = compareHouses(
      { key: 'a', house: 'Dit huis', wave: 'w', summary: summarize(report) },
      [{ key: 'b', house: 'Ander huis', wave: 'w', summary: summarize(other) }],
      5,
    );
    const t = summaryTable({ report, previous: { label: 'Vorig jaar', comparison: waves }, houses: { count: 2, comparison: houses } });
    expect(t.columns.filter((c) => !c.detail).map((c) => c.label)).toEqual([
      'Aspect',
      'Score',
      '95%-interval',
      'n',
      'Vorige ronde',
      'Verschil met vorige ronde',
      'Alle huizen',
      'Verschil met alle huizen',
    ]);
    const rows = printed(t);
    expect(rows.map((r) => r[0])).toEqual(['Selectie', 'Informatiedeling', 'Alle aspecten']);
    const s = report.scales[0]!;
    const p = previous.scales[0]!;
    expect(rows[0]!.slice(1, 6)).toEqual([
      s.scoreMean!.toFixed(2).replace('.', ','),
      expect.stringMatching(/^\[\d,\d\d; \d,\d\d\]$/),
      String(s.scoreN),
      p.scoreMean!.toFixed(2).replace('.', ','),
      expect.stringMatching(/^[+−]?\d,\d\d$/),
    ]);
    // the difference cell holds the printed value, so a Dutch Excel shows the same digits
    const diff = t.groups[0]!.rows[0]!.cells[5]!.value as number;
    expect(diff).toBe(Number((s.scoreMean! - p.scoreMean!).toFixed(2)));
    const pooled = (s.scoreMean! * s.scoreN + other.scales[0]!.scoreMean! * other.scales[0]!.scoreN) / (s.scoreN + other.scales[0]!.scoreN);
    expect(rows[0]![6]).toBe(pooled.toFixed(2).replace('.', ','));
    expect(t.footnotes).toEqual({});
    expect(t.notes.join(' ')).toContain('Vorige ronde: Vorig jaar');
    expect(t.notes.join(' ')).toContain('gepoolde gemiddelde van 2 huizen');
    // with a small house as the only other one, the pooled mean would reveal it: withheld with mark b
    const revealing = compareHouses({ key: 'a', house: 'Dit huis', wave: 'w', summary: summarize(report) }, [{ key: 'c', house: 'Klein huis', wave: 'w', summary: summarize(small) }], 5);
    const hidden = summaryTable({ report, previous: null, houses: { count: 2, comparison: revealing } });
    expect(printed(hidden)[0]!.slice(4, 6)).toEqual(['–b', '–b']);
    expect(hidden.footnotes.b).toContain('zou een huis met te weinig respondenten verraden');
  });

  it('has only the wave’s own columns when there is nothing to compare with, and no summary without aspects', () => {
    const t = summaryTable({ report, previous: null, houses: null });
    expect(t.columns.filter((c) => !c.detail).map((c) => c.label)).toEqual(['Aspect', 'Score', '95%-interval', 'n']);
    expect(resultsTables(report).summary).toBeNull();
    expect(resultsTables(report, { summary: { previous: null, houses: null } }).summary).not.toBeNull();
  });

  it('says why there is no mean of all houses when the reader sees too few other houses to have a benchmark', () => {
    const t = summaryTable({ report, previous: null, houses: null, housesWithheld: 'Er is maar één ander huis met deze vragenlijstversie.' });
    expect(t.columns.filter((c) => !c.detail).map((c) => c.label)).toEqual(['Aspect', 'Score', '95%-interval', 'n']);
    expect(t.notes).toContain('Alle huizen: niet getoond. Er is maar één ander huis met deze vragenlijstversie.');
  });
});
