/**
 * No number may reveal a group below the minimum, tested as an attacker would (fast-check, fixed seed).
 *
 * Report: random waves with small groups, broken down by three background variables (overlegvorm,
 * aanwezigheid in bands, and a number question like breedtescan Q22 in bands, with weet niet, invalid
 * and missing answers). Everything the report's tables publish is read back from the tables themselves
 * (the page's breakdown table with every group and the total, the scores table, the frequency tables of
 * the choice questions, the number question's count rows and bands table) as linear facts over the respondents: a shown
 * count is Σ 1 over its group, a shown mean times its n is Σ score over its group's scored
 * respondents. Exact rational elimination (tests/helpers/rank.ts) then decides whether a score's sum
 * of any group below the minimum can be computed — a breakdown group, a group of the two variables
 * crossed (which no table shows, but totals minus cells of two breakdowns might give), the whole wave
 * when fewer than the minimum have a score — or the count of a small breakdown group (hidden n).
 *
 * Benchmark: random houses (some below the minimum, some the reader may not read) compared with the
 * benchmark; the facts are every house mean the reader may see on that house's own page, the pooled
 * mean times its n, and the mean of house means times the number of houses. No house below the minimum
 * and no house the reader may not read may be determined.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import { resultsTables } from '../../../server/domain/analysis/tables/index.js';
import type { Table } from '../../../server/domain/analysis/tables/model.js';
import { compareHouses, type HouseInput } from '../../../server/domain/compare/houses.js';
import type { ReportSummary } from '../../../server/domain/compare/summary.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { fixturePath } from '../../helpers/analysis.js';
import { checkedQuestionnaire } from '../../helpers/questionnaire.js';
import { readFileSync } from 'node:fs';
import { RowSpan } from '../../../server/domain/stats/rowSpan.js';

const SEED = 16022026;
/** The analysis test questionnaire with its number question Q22 (0-100 %, weet niet 999) as a third background variable. */
const q = (() => {
  const json = JSON.parse(readFileSync(fixturePath('analyse-test.json'), 'utf8')) as { background: object[] };
  json.background.push({ id: 'schatting', label: 'Schatting', question: 'Q22', bands: [{ label: '0-24', max: 24 }, { label: '25-74', min: 25, max: 74 }, { label: '75-100', min: 75 }] });
  return checkedQuestionnaire(json, 'analyse-test.json');
})();
/** The count rows of the number question's own table (its other rows are statistics of the numbers). */
const NUMBER_COUNT_ROWS = new Set(['n (met een getal)', 'weet niet', 'Geen antwoord', 'Ongeldig (niet meegeteld)']);
const SCORES = ['Selectie', 'Informatiedeling', 'Alle aspecten'];

const weighted = <T,>(pairs: Array<[number, T]>) => fc.oneof(...pairs.map(([weight, v]) => ({ weight, arbitrary: fc.constant(v) })));

/** Skewed background answers, so that small groups and small crossings are common. */
const responseArb: fc.Arbitrary<Values> = fc
  .record({
    Q2: weighted<number | null>([
      [8, 1],
      [3, 2],
      [1, 3],
      [1, null],
    ]),
    Q63: weighted<number | null>([
      [2, 1],
      [5, 2],
      [2, 3],
      [2, 4],
      [1, null],
    ]),
    // a 0-100 % estimate: three bands, weet niet (999), out of range (150: invalid), no answer
    Q22: weighted<number | null>([
      [4, 10],
      [2, 50],
      [1, 90],
      [1, 999],
      [1, 150],
      [1, null],
    ]),
    q6: fc.array(weighted<number | null>([[1, 1], [2, 2], [2, 3], [1, 4], [1, null]]), { minLength: 4, maxLength: 4 }),
    q17: fc.array(weighted<number | null>([[1, 1], [2, 2], [2, 3], [1, 4], [1, 5], [2, null]]), { minLength: 4, maxLength: 4 }),
  })
  .map(({ Q2, Q63, Q22, q6, q17 }) => {
    const v: Values = { Q2, Q63, Q22 };
    q6.forEach((x, i) => (v[`Q6_${i + 1}`] = x));
    q17.forEach((x, i) => (v[`Q17_${i + 1}`] = x));
    return v;
  });

/** The rows of a table by group label ('' for rows without one), each row's cells. */
function rowsOf(t: Table): Array<{ group: string; label: string; cells: Table['groups'][number]['rows'][number]['cells'] }> {
  return t.groups.flatMap((g) => g.rows.map((r) => ({ group: g.label ?? '', label: String(r.cells[0]!.value), cells: r.cells })));
}

/** Where one respondent stands: which breakdown row, frequency row and scores they belong to (from the report of them alone). */
function placeOf(r: Values) {
  const alone = analyze(q, [r], { minCellSize: 1 });
  const t = resultsTables(alone);
  const breakdownRows = rowsOf(t.breakdowns!)
    .filter((x) => x.label !== 'Totaal' && x.cells[1]!.value === 1)
    .map((x) => `${x.group}/${x.label}`);
  const frequencyRows = backgroundCounts(t.questions.flat()).flatMap(({ id, rows }) => rows.filter((row) => row.count.value === 1).map((row) => `${id}/${row.label}`));
  const scored = [...alone.scales.map((s) => s.scoreN === 1), alone.overall.n === 1];
  return { breakdownRows, frequencyRows, scored, crossing: `${r.Q2 ?? '-'}|${r.Q63 ?? '-'}|${r.Q22 ?? '-'}` };
}

/** The count rows the background questions' own tables publish, per table: a choice question's Aantal, the number question's count rows and bands. */
function backgroundCounts(questionTables: Table[]) {
  return questionTables.flatMap((x) => {
    if (x.code === 'Q2' || x.code === 'Q63') return [{ id: x.id, rows: rowsOf(x).map((row) => ({ label: row.label, count: row.cells[2]! })) }];
    if (x.id === 'q-Q22') return [{ id: x.id, rows: rowsOf(x).filter((row) => NUMBER_COUNT_ROWS.has(row.label)).map((row) => ({ label: row.label, count: row.cells[1]! })) }];
    if (x.id === 'q-Q22-bands') return [{ id: x.id, rows: rowsOf(x).map((row) => ({ label: row.label, count: row.cells[1]! })) }];
    return [];
  });
}

describe('no published number determines a group below the minimum', () => {
  it('within one report: totals, groups of two breakdowns and the background frequency tables together', () => {
    fc.assert(
      fc.property(fc.array(responseArb, { minLength: 6, maxLength: 40 }), fc.integer({ min: 3, max: 6 }), (responses, minimum) => {
        const report = analyze(q, responses, { minCellSize: minimum });
        const tables = resultsTables(report);
        const places = responses.map(placeOf);
        const N = responses.length;
        const member = (pred: (i: number) => boolean) => places.map((_, i) => (pred(i) ? 1 : 0));

        // counts: the total, every shown breakdown n, every shown frequency row
        const counts = new RowSpan(N);
        counts.add(member(() => true));
        const breakdown = rowsOf(tables.breakdowns!);
        for (const row of breakdown) {
          if (row.label === 'Totaal' || row.cells[1]!.mark) continue;
          counts.add(member((i) => places[i]!.breakdownRows.includes(`${row.group}/${row.label}`)));
        }
        for (const t of backgroundCounts(tables.questions.flat()))
          for (const row of t.rows) if (!row.count.mark && typeof row.count.value === 'number') counts.add(member((i) => places[i]!.frequencyRows.includes(`${t.id}/${row.label}`)));

        const groups = new Map<string, number[]>();
        for (const b of report.breakdowns)
          for (const c of b.cells) if (c.n > 0) groups.set(`${b.label}/${c.value}`, member((i) => places[i]!.breakdownRows.includes(`${b.label}/${c.value}`)));
        const crossings = new Set(places.map((p) => p.crossing));
        for (const x of crossings) groups.set(`kruising ${x}`, member((i) => places[i]!.crossing === x));

        // the n of a small breakdown group is hidden, and must not come out of the other counts either (a crossing's count may:
        // the background questions' own frequency tables show how many gave each answer, small or not, as any frequency table does)
        for (const [name, g] of groups) {
          const n = g.reduce((a, b) => a + b, 0);
          if (n > 0 && n < minimum && !name.startsWith('kruising')) expect(counts.contains(g), `the count of ${name} (n = ${n}) is derivable`).toBe(false);
        }

        // per score: the shown means times their n (sums), over the respondents with that score
        SCORES.forEach((score, s) => {
          const sums = new RowSpan(N);
          const scored = (i: number) => places[i]!.scored[s]!;
          const column = 2 + s;
          for (const row of breakdown) {
            const cell = row.cells[column]!;
            if (cell.mark || cell.value === null) continue;
            sums.add(member((i) => scored(i) && (row.label === 'Totaal' || places[i]!.breakdownRows.includes(`${row.group}/${row.label}`))));
          }
          const scoreRow = rowsOf(tables.scores).find((r) => r.label === score)!;
          if (!scoreRow.cells[2]!.mark && scoreRow.cells[2]!.value !== null) sums.add(member(scored));
          for (const [name, g] of [...groups, ['de hele ronde', member(() => true)] as const]) {
            const withScore = g.map((x, i) => (x && scored(i) ? 1 : 0));
            const n = withScore.reduce<number>((a, b) => a + b, 0);
            if (n > 0 && n < minimum) expect(sums.contains(withScore), `the ${score} sum of ${name} (n = ${n}) is derivable`).toBe(false);
          }
        });
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('hides one more group where two breakdowns and a frequency table together gave a small group (the case the property found)', () => {
    // minimum 3. Overleg 1: {1, 2, 4, 6}; aanwezigheid 4-6: {3, 6, 7, 8}; the row "aanwezigheid 5" is {6};
    // so everyone − overleg 1 − 4-6 + "5" = {5}, the one person answering "3 of minder", whose n the tables hide
    const r = (Q2: number | null, Q63: number | null): Values => ({ Q2, Q63, Q6_1: 2, Q6_2: 3, Q6_3: 2, Q6_4: 3, Q17_1: 2, Q17_2: 3, Q17_3: 2, Q17_4: 3 });
    const responses = [r(1, null), r(1, 4), r(2, 2), r(1, 4), r(2, 1), r(1, 3), r(null, 2), r(2, 2)];
    const report = analyze(q, responses, { minCellSize: 3 });
    const shown = (label: string) => report.breakdowns.find((b) => b.label === label)!.cells.filter((c) => c.n > 0 && !c.suppressed).map((c) => c.value);
    // per table, suppressCells alone would show overleg Individueel and aanwezigheid 4-6; together they may not both stand
    expect(shown('Overlegvorm').length + shown('Aanwezigheid').length).toBeLessThan(2);
    const span = new RowSpan(responses.length);
    span.add(responses.map(() => 1));
    for (const b of report.breakdowns)
      for (const c of b.cells.filter((x) => x.n > 0 && !x.suppressed))
        span.add(responses.map((x) => Number((b.label === 'Overlegvorm' ? { 1: 'Individueel', 2: 'Jeugd', 3: 'Volwassenen' }[x.Q2 as number] : { 1: '3 of minder', 2: '4-6', 3: '4-6', 4: '7 of meer' }[x.Q63 as number]) === c.value)));
    expect(span.contains(responses.map((_, i) => (i === 4 ? 1 : 0)))).toBe(false);
  });

  it('the benchmark with the other houses’ own pages', () => {
    const houseArb = fc.record({ n: fc.integer({ min: 1, max: 30 }), readable: fc.boolean() });
    fc.assert(
      fc.property(fc.array(houseArb, { minLength: 1, maxLength: 7 }), fc.integer({ min: 3, max: 6 }), (houses, minimum) => {
        const summary = (n: number, mean: number): ReportSummary => ({
          questionnaireId: 'q',
          version: '1',
          n,
          aspects: [{ id: 'a', label: 'A', mean: n >= minimum ? mean : null, n, sd: 0.5 }],
          overall: { mean: null, n: 0, sd: null },
        });
        const input = (i: number, n: number): HouseInput => ({ key: `h${i}`, house: `Huis ${i}`, wave: 'r', period: 'p', summary: summary(n, 2 + i / 10) });
        const pool = houses.map((h, i) => input(i, h.n));
        const readable = new Set(houses.flatMap((h, i) => (h.readable ? [`h${i}`] : [])));
        const result = compareHouses(input(99, 20), pool, minimum, (key) => !readable.has(key));
        const row = result.rows[0]!;

        // unknowns: each house's mean; facts: the means the reader sees on the houses' own pages, and the benchmark
        const K = houses.length;
        const span = new RowSpan(K);
        houses.forEach((h, i) => {
          if (h.readable && h.n >= minimum) span.add(houses.map((_, j) => (j === i ? 1 : 0)));
        });
        const counted = houses.map((h) => h.n >= minimum);
        houses.forEach((h, i) => expect(result.waves[i]!.counted).toBe(counted[i]));
        if (row.reference.mean !== null) span.add(houses.map((h, j) => (counted[j] ? h.n : 0)));
        if (row.reference.houseMeans !== null) span.add(houses.map((_, j) => (counted[j] ? 1 : 0)));
        houses.forEach((h, i) => {
          const unit = houses.map((_, j) => (j === i ? 1 : 0));
          if (h.n < minimum) expect(span.contains(unit), `house ${i} with n = ${h.n} is derivable`).toBe(false);
          if (!h.readable) expect(span.contains(unit), `house ${i}, not readable, is derivable`).toBe(false);
        });
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
