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
  it('compares every aspect with the previous wave and the benchmark of the other houses, differences rounded as printed, their intervals in the workbook', () => {
    const all = new Set(report.scales.map((x) => x.id));
    const waves = compareWaves(summarize(report), summarize(previous), all);
    const houses = compareHouses(
      { key: 'a', house: 'Dit huis', wave: 'w', period: 'p', summary: summarize(report) },
      [
        { key: 'b', house: 'Ander huis', wave: 'Ronde B', period: '1 jan – 1 feb', summary: summarize(other) },
        { key: 'c', house: 'Klein huis', wave: 'Ronde C', period: '1 jan – 1 feb', summary: summarize(small) },
      ],
      5,
      () => false,
    );
    const t = summaryTable({ report, previous: { label: 'Vorig jaar', comparison: waves }, houses: { count: 1, comparison: houses } });
    expect(t.columns.filter((c) => !c.detail).map((c) => c.label)).toEqual([
      'Aspect',
      'Score',
      '95%-interval',
      'n',
      'Vorige ronde',
      'Verschil met vorige ronde',
      'Andere huizen (gepoold)',
      'Verschil met andere huizen',
    ]);
    // in the workbook also: the mean of house means and each difference's Welch interval
    expect(t.columns.filter((c) => c.detail).map((c) => c.label)).toContain('Gemiddelde van de huisgemiddelden');
    expect(t.columns.filter((c) => c.detail).map((c) => c.label)).toContain('Verschil met vorige ronde: 95%-interval (Welch)');
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
    const welch = t.columns.findIndex((c) => c.label === 'Verschil met vorige ronde: 95%-interval (Welch)');
    expect(rows[0]![welch]).toMatch(/^\[−?\d,\d\d; −?\d,\d\d\]$/);
    // the difference cell holds the printed value, so a Dutch Excel shows the same digits
    const diff = t.groups[0]!.rows[0]!.cells[5]!.value as number;
    expect(diff).toBe(Number((s.scoreMean! - p.scoreMean!).toFixed(2)));
    // the small house (3 responses) is not in the benchmark: the pooled mean and the mean of house means are the other house's
    const o = other.scales[0]!;
    expect(rows[0]![6]).toBe(o.scoreMean!.toFixed(2).replace('.', ','));
    expect(rows[0]![7]).toBe(o.scoreMean!.toFixed(2).replace('.', ','));
    expect(t.footnotes).toEqual({});
    const notes = t.notes.join(' ');
    expect(notes).toContain('Vorige ronde: Vorig jaar');
    // the report lists every wave considered, with its period and n (not the small one's n)
    expect(notes).toContain('Ander huis (Ronde B, 1 jan – 1 feb, n = 50)');
    expect(notes).toContain('Klein huis (Ronde C, 1 jan – 1 feb, minder dan 5: telt niet mee)');
    expect(notes).toContain('gemiddelde van de huisgemiddelden, elk huis even zwaar');
    // for a reader who may not read the one other house that counts, the benchmark would be that house: withheld with mark b
    const revealing = compareHouses(
      { key: 'a', house: 'Dit huis', wave: 'w', period: 'p', summary: summarize(report) },
      [{ key: 'b', house: 'Ander huis', wave: 'w', period: 'p', summary: summarize(other) }],
      5,
      () => true,
    );
    const hidden = summaryTable({ report, previous: null, houses: { count: 1, comparison: revealing } });
    expect(printed(hidden)[0]!.slice(4, 7)).toEqual(['–b', '–b', '–b']);
    expect(hidden.footnotes.b).toContain('zou de cijfers van een afzonderlijk huis verraden');
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
    expect(t.notes).toContain('Andere huizen: niet getoond. Er is maar één ander huis met deze vragenlijstversie.');
  });
});
