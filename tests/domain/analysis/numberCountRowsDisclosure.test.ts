/**
 * The count rows of a number question used as a background variable (breedtescan Q22: a 0-100 %
 * estimate with weet niet): "Ongeldig", "weet niet", "Geen antwoord" and "n (met een getal)" are
 * published counts too. A respondent who is the only invalid answer and the only one in a hidden
 * group was given away by "Ongeldig (niet meegeteld): 1"; the disclosure check now sees and hides those
 * rows, and fails closed where hiding cannot close a leak.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closeLeaks, type Atom } from '../../../server/domain/analysis/disclosure.js';
import { NUMBER_ROW } from '../../../server/domain/analysis/plan.js';
import { analyze } from '../../../server/domain/analysis/report.js';
import { resultsTables } from '../../../server/domain/analysis/tables/index.js';
import type { Table } from '../../../server/domain/analysis/tables/model.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { RowSpan } from '../../../server/domain/stats/rowSpan.js';
import { fixturePath } from '../../helpers/analysis.js';
import { checkedQuestionnaire } from '../../helpers/questionnaire.js';

const q = (() => {
  const json = JSON.parse(readFileSync(fixturePath('analyse-test.json'), 'utf8')) as { background: object[] };
  json.background.push({ id: 'schatting', label: 'Schatting', question: 'Q22', bands: [{ label: '0-24', max: 24 }, { label: '25-74', min: 25, max: 74 }, { label: '75-100', min: 75 }] });
  return checkedQuestionnaire(json, 'analyse-test.json');
})();

const answer = (Q2: number, Q22: number | null): Values => ({ Q2, Q22, Q6_1: 2, Q6_2: 3, Q6_3: 2, Q6_4: 3, Q17_1: 2, Q17_2: 3, Q17_3: 2, Q17_4: 3 });
const row = (t: Table, label: string) => t.groups.flatMap((g) => g.rows).find((r) => r.cells[0]!.value === label);
const countOf = (t: Table, label: string) => row(t, label)?.cells[1];

/** The attacker's facts, read from the published tables: everyone, the shown breakdown groups, Q2's rows, Q22's count rows and bands. */
function facts(responses: Values[], report: ReturnType<typeof analyze>) {
  const tables = resultsTables(report);
  const questionTables = tables.questions.flat();
  const number = questionTables.find((t) => t.id === 'q-Q22')!;
  const bands = questionTables.find((t) => t.id === 'q-Q22-bands')!;
  const span = new RowSpan(responses.length);
  const member = (pred: (r: Values) => boolean) => responses.map((r) => (pred(r) ? 1 : 0));
  const q22 = (r: Values) => r.Q22 as number | null;
  const valid = (r: Values) => q22(r) !== null && q22(r)! <= 100;
  span.add(member(() => true));
  const groupOf: Record<string, (r: Values) => boolean> = {
    Individueel: (r) => r.Q2 === 1,
    Jeugd: (r) => r.Q2 === 2,
    Volwassenen: (r) => r.Q2 === 3,
    '0-24': (r) => valid(r) && q22(r)! <= 24,
    '25-74': (r) => valid(r) && q22(r)! >= 25 && q22(r)! <= 74,
    '75-100': (r) => valid(r) && q22(r)! >= 75,
  };
  for (const b of report.breakdowns) for (const c of b.cells) if (c.n > 0 && !c.suppressed && groupOf[c.value]) span.add(member(groupOf[c.value]!));
  for (const [label, pred] of [
    ['n (met een getal)', valid],
    ['weet niet', (r: Values) => q22(r) === 999],
    ['Geen antwoord', (r: Values) => q22(r) === null],
    ['Ongeldig (niet meegeteld)', (r: Values) => q22(r) !== null && q22(r)! > 100 && q22(r) !== 999],
  ] as const) {
    const cell = countOf(number, label);
    if (cell && !cell.mark && typeof cell.value === 'number') span.add(member(pred));
  }
  for (const label of ['0-24', '25-74', '75-100']) {
    const cell = countOf(bands, label);
    if (cell && !cell.mark && typeof cell.value === 'number') span.add(member(groupOf[label]!));
  }
  return { span, number };
}

describe("a number background's own count rows give no hidden group away", () => {
  it('the only invalid Q22 answer, also the only one in a hidden overlegvorm group: "Ongeldig (1)" is hidden', () => {
    // Volwassenen = {the last respondent} = Schatting "Onbekend" = the one invalid Q22 (150 on a 0-100 question)
    const responses = [...Array.from({ length: 6 }, () => answer(1, 10)), ...Array.from({ length: 5 }, () => answer(2, 50)), answer(3, 150)];
    const report = analyze(q, responses, { minCellSize: 3 });
    const cells = (label: string) => report.breakdowns.find((b) => b.label === label)!.cells;
    expect(cells('Overlegvorm').find((c) => c.value === 'Volwassenen')!.suppression).toBe('small');
    expect(cells('Schatting').find((c) => c.value === 'Onbekend')!.suppression).toBe('small');

    const { span, number } = facts(responses, report);
    expect(countOf(number, 'Ongeldig (niet meegeteld)')).toEqual({ value: null, mark: 'a' });
    const alone = responses.map((_, i) => (i === responses.length - 1 ? 1 : 0));
    expect(span.contains(alone), 'the invalid answerer (a group of 1) is derivable').toBe(false);
    // the table says why, and the number of the others stays
    expect(resultsTables(report).questions.flat().find((t) => t.id === 'q-Q22')!.footnotes.a).toMatch(/minder dan 3/);
  });

  it('shows no percentage whose base would give a hidden count: valid % of a choice table, % of the bands', () => {
    const responses = [...Array.from({ length: 6 }, () => answer(1, 10)), ...Array.from({ length: 5 }, () => answer(2, 50)), answer(3, 150)];
    const report = analyze(q, responses, { minCellSize: 3 });
    const questionTables = resultsTables(report).questions.flat();
    // Q2: Volwassenen (1) is hidden; Individueel's valid % (6 of 11 = 55 %) would give the base 11, so 12 − 11 = the one without
    const q2 = questionTables.find((t) => t.code === 'Q2')!;
    const individueel = q2.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Individueel')!;
    expect(individueel.cells[2]).toMatchObject({ value: 6 });
    expect(individueel.cells[4]).toEqual({ value: null, mark: 'b' });
    expect(q2.footnotes.b).toBeDefined();
    // Q22's bands: with a band or n hidden, no band's % (6 of n) gives n
    const bands = questionTables.find((t) => t.id === 'q-Q22-bands')!;
    const hiddenSomewhere = bands.groups[0]!.rows.some((r) => r.cells[1]!.mark) || countOf(questionTables.find((t) => t.id === 'q-Q22')!, 'n (met een getal)')!.mark;
    expect(hiddenSomewhere).toBeTruthy();
    for (const r of bands.groups[0]!.rows) expect(r.cells[2]!.value).toBeNull();
  });

  it('the only weet niet and the only one with no answer, each alone in a hidden group: neither row shows its 1', () => {
    const responses = [...Array.from({ length: 6 }, () => answer(1, 10)), ...Array.from({ length: 5 }, () => answer(2, 90)), answer(3, 999), answer(3, null)];
    const report = analyze(q, responses, { minCellSize: 3 });
    const { span, number } = facts(responses, report);
    expect(countOf(number, 'weet niet')!.mark).toBeDefined();
    expect(countOf(number, 'Geen antwoord')!.mark).toBeDefined();
    for (const i of [responses.length - 2, responses.length - 1]) expect(span.contains(responses.map((_, j) => (j === i ? 1 : 0)))).toBe(false);
    expect(span.contains(responses.map((_, j) => (j >= responses.length - 2 ? 1 : 0))), 'Volwassenen (n = 2) is derivable').toBe(false);
  });

  it('fails closed: a leak that no hiding can close withholds everything and refuses to publish', () => {
    const responses = [...Array.from({ length: 6 }, () => answer(1, 10)), ...Array.from({ length: 5 }, () => answer(2, 50)), answer(3, 150)];
    const report = analyze(q, responses, { by: ['schatting'], minCellSize: 3 });
    const atoms: Atom[] = [
      { codes: [0], cells: [0], n: 6, scored: [6, 6, 6] },
      { codes: [1], cells: [1], n: 5, scored: [5, 5, 5] },
      { codes: [NUMBER_ROW.invalid], cells: [3], n: 1, scored: [1, 1, 1] },
    ];
    // a published row that cannot be hidden (no hide) and counts exactly the small "Onbekend" group
    const unhideable = () => [[{ has: (x: number) => x === NUMBER_ROW.invalid, count: 1, hidden: false }]];
    const published = { breakdowns: report.breakdowns, scales: report.scales, overall: report.overall, minimum: 3 };
    expect(() => closeLeaks(atoms, published, unhideable)).toThrow(/withheld/);
    expect(report.breakdowns[0]!.cells.every((c) => c.suppressed)).toBe(true);
    expect(report.scales.every((s) => s.scoreMean === null && s.scoreSuppressed)).toBe(true);
    expect(report.overall.mean).toBeNull();
  });
});
