/**
 * A routed background question (showIf): its table counts those it asked ("Geen antwoord" is asked but
 * not answered), and publishes those it did not ask in the note "Niet gesteld door de routering: n"
 * and as everyone minus its Totaal. The breakdown puts them in "Onbekend". The disclosure check must
 * see that count as its own row: when the route's condition is a background answer with a small group,
 * the note is that small group.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import { resultsTables } from '../../../server/domain/analysis/tables/index.js';
import type { ChoiceQuestionReport, NumberQuestionReport, Report } from '../../../server/domain/analysis/types.js';
import type { Table } from '../../../server/domain/analysis/tables/model.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { RowSpan } from '../../../server/domain/stats/rowSpan.js';
import { checkedQuestionnaire } from '../../helpers/questionnaire.js';

function questionnaire() {
  return checkedQuestionnaire(
    {
      id: 'routed',
      title: 'Routed',
      background: [
        { id: 'deelname', label: 'Deelname', question: 'Q1' },
        { id: 'rol', label: 'Rol', question: 'Q2' },
      ],
      pages: [
        { id: 'p1', blocks: [{ type: 'single', code: 'Q1', text: 'Neemt u deel?', options: [{ value: 1, label: 'ja' }, { value: 2, label: 'nee' }] }] },
        {
          id: 'p2',
          blocks: [{ type: 'single', code: 'Q2', text: 'Uw rol', showIf: { q: 'Q1', equals: 1 }, options: [{ value: 1, label: 'A' }, { value: 2, label: 'B' }] }],
        },
      ],
    },
    'routed.json',
  );
}

const times = (n: number, v: Values): Values[] => Array.from({ length: n }, () => ({ ...v }));
const q2Table = (tables: Table[][]) => tables.flat().find((t) => t.code === 'Q2')!;

/**
 * The rendered Q2 table shows no count of those not asked, no Totaal and no % (count ÷ % gives the
 * Totaal), and, by hand, an attacker's facts from everything published do not give Q1's "nee".
 */
function expectNeeHidden(kinds: Values[], report: Report): void {
  const q2 = report.questions.find((q) => q.code === 'Q2') as ChoiceQuestionReport;
  expect(q2.notShownHidden).toBeDefined();
  const table = q2Table(resultsTables(report).questions);
  expect(table.notes).toEqual([expect.stringMatching(/^Niet gesteld door de routering: – \([ab]\);/)]);
  const rows = table.groups[0]!.rows;
  expect(rows.find((r) => r.cells[0]!.value === 'Totaal')!.cells[2]).toMatchObject({ value: null });
  for (const r of rows) expect(r.cells[3]!.value, `% of ${r.cells[0]!.value}`).toBeNull();
  expect(Object.keys(table.footnotes).length).toBeGreaterThan(0);

  // respondent classes: ja/A, ja/B, ja without Q2, nee
  const classes = kinds.map((v) => (v.Q1 === 2 ? 'nee' : v.Q2 === 1 ? 'A' : v.Q2 === 2 ? 'B' : 'ja-blank'));
  const member = (pred: (c: string) => boolean) => classes.map((c) => (pred(c) ? 1 : 0));
  const groups: Record<string, (c: string) => boolean> = {
    ja: (c) => c !== 'nee',
    nee: (c) => c === 'nee',
    A: (c) => c === 'A',
    B: (c) => c === 'B',
    Onbekend: (c) => c === 'nee' || c === 'ja-blank',
  };
  const facts = new RowSpan(classes.length);
  facts.add(member(() => true));
  const [q1Cells, q2Cells] = report.breakdowns.map((b) => b.cells);
  // Q1's Onbekend is empty (everyone answered Q1)
  for (const c of q1Cells!) if (!c.suppressed && c.n > 0) facts.add(member(groups[c.value]!));
  for (const c of q2Cells!) if (!c.suppressed && c.n > 0) facts.add(member(groups[c.value]!));
  for (const q of report.questions as ChoiceQuestionReport[])
    for (const r of q.rows)
      if (!r.hidden && r.count > 0) facts.add(member(r.kind === 'nonResponse' ? (c) => c === 'ja-blank' : groups[r.label]!));
  // the routing note, or everyone minus the Totaal
  if (!q2.notShownHidden) facts.add(member((c) => c === 'nee'));
  expect(facts.contains(member((c) => c === 'nee')), 'the n of Q1 "nee" (2) is derivable').toBe(false);
}

describe('a routed background question in the disclosure check', () => {
  it('hides the routing note, Totaal and % of Q2 when they would give the small "nee" group of Q1', () => {
    // ja 24 (Q2: A 12, B 8, no answer 4), nee 2; minimum 5. Q1's breakdown hides nee (small) and ja
    // (complementary); Q2's Onbekend (4 + 2) is shown. But Q2, asked only after ja, said "Niet gesteld
    // door de routering: 2" (and Totaal 24 of n 26): nee = 2. The check must hide that count: it hides
    // Q2's Onbekend (6, the smallest group that closes the leak), and with it the rows it is made of.
    const kinds = [...times(12, { Q1: 1, Q2: 1 }), ...times(8, { Q1: 1, Q2: 2 }), ...times(4, { Q1: 1 }), ...times(2, { Q1: 2 })];
    const report = analyze(questionnaire(), kinds, { minCellSize: 5 });
    const [q1Cells, q2Cells] = report.breakdowns.map((b) => b.cells);
    expect(q1Cells!.find((c) => c.value === 'nee')).toMatchObject({ n: 2, suppression: 'small' });
    const q2 = report.questions.find((q) => q.code === 'Q2') as ChoiceQuestionReport;
    expect(q2).toMatchObject({ shown: 24, notShown: 2 });
    expect(q2Cells!.map((c) => [c.value, c.n, c.suppression])).toEqual([
      ['A', 12, null],
      ['B', 8, null],
      ['Onbekend', 6, 'complementary'],
    ]);
    expect(q2.notShownHidden).toBe('complementary');

    expectNeeHidden(kinds, report);
  });

  it('hides the routing note with a hidden "Onbekend" of Q2, whose part it is', () => {
    // ja 20 (Q2: A 12, B 8), nee 2; minimum 5. Q1's breakdown hides nee (small) and ja (complementary),
    // but Q2 (asked only after ja) said "Niet gesteld door de routering: 2", Totaal 20 of n 22: nee = 2.
    const kinds = [...times(12, { Q1: 1, Q2: 1 }), ...times(8, { Q1: 1, Q2: 2 }), ...times(2, { Q1: 2 })];
    const report = analyze(questionnaire(), kinds, { minCellSize: 5 });
    const [q1Cells, q2Cells] = report.breakdowns.map((b) => b.cells);
    expect(q1Cells!.find((c) => c.value === 'nee')).toMatchObject({ n: 2, suppression: 'small' });
    const q2 = report.questions.find((q) => q.code === 'Q2') as ChoiceQuestionReport;
    expect(q2).toMatchObject({ shown: 20, notShown: 2 });

    expectNeeHidden(kinds, report);
  });

  it('counts only those asked in "Geen antwoord", and hides nothing when every group is large enough', () => {
    // ja 21 (Q2: A 12, B 8, no answer 1), nee 6: Q2's Onbekend is 1 + 6 = 7
    const report = analyze(
      questionnaire(),
      [...times(12, { Q1: 1, Q2: 1 }), ...times(8, { Q1: 1, Q2: 2 }), ...times(1, { Q1: 1 }), ...times(6, { Q1: 2 })],
      { minCellSize: 5 },
    );
    const q2 = report.questions.find((q) => q.code === 'Q2') as ChoiceQuestionReport;
    expect(q2).toMatchObject({ shown: 21, notShown: 6, total: 21 });
    expect(q2.notShownHidden).toBeUndefined();
    expect(q2.rows.map((r) => [r.label, r.count, r.hidden])).toEqual([
      ['A', 12, undefined],
      ['B', 8, undefined],
      ['Geen antwoord', 1, undefined],
    ]);
    expect(report.breakdowns[1]!.cells.map((c) => [c.value, c.n, c.suppression])).toEqual([
      ['A', 12, null],
      ['B', 8, null],
      ['Onbekend', 7, null],
    ]);
    const table = q2Table(resultsTables(report).questions);
    expect(table.notes).toEqual(['Niet gesteld door de routering: 6; die tellen niet mee.']);
    expect(table.groups[0]!.rows.find((r) => r.cells[0]!.value === 'Totaal')!.cells.slice(2, 4).map((c) => c.value)).toEqual([21, 100]);
  });
});

describe('a routed number background question in the disclosure check', () => {
  it('hides its routing note when that would give the small "nee" group of the question routed on', () => {
    const q = checkedQuestionnaire(
      {
        id: 'routed-number',
        title: 'Routed number',
        background: [
          { id: 'deelname', label: 'Deelname', question: 'Q1' },
          { id: 'jaren', label: 'Jaren', question: 'Q2', bands: [{ label: '0-4', max: 4 }, { label: '5+', min: 5 }] },
        ],
        pages: [
          { id: 'p1', blocks: [{ type: 'single', code: 'Q1', text: 'Neemt u deel?', options: [{ value: 1, label: 'ja' }, { value: 2, label: 'nee' }] }] },
          { id: 'p2', showIf: { q: 'Q1', equals: 1 }, blocks: [{ type: 'number', code: 'Q2', text: 'Hoeveel jaar?', min: 0, max: 60 }] },
        ],
      },
      'routed-number.json',
    );
    // ja 24 (Q2: 0-4 12, 5+ 8, no answer 4), nee 2, minimum 5: "Niet gesteld door de routering: 2" would be nee
    const kinds = [...times(12, { Q1: 1, Q2: 2 }), ...times(8, { Q1: 1, Q2: 7 }), ...times(4, { Q1: 1 }), ...times(2, { Q1: 2 })];
    const report = analyze(q, kinds, { minCellSize: 5 });
    expect(report.breakdowns[0]!.cells.find((c) => c.value === 'nee')).toMatchObject({ n: 2, suppression: 'small' });
    const q2 = report.questions.find((x) => x.code === 'Q2') as NumberQuestionReport;
    expect(q2.missing).toMatchObject({ skipped: 4, notShown: 2 });
    expect(q2.notShownHidden).toBeDefined();
    const tables = resultsTables(report).questions.flat().filter((t) => t.code === 'Q2' || t.id === 'q-Q2-bands');
    const notes = tables.flatMap((t) => t.notes);
    expect(notes).toEqual([expect.stringMatching(/^Niet gesteld door de routering: – \([ab]\);/)]);
    // what stays shown of Q2 (its n, geen antwoord, bands) with everyone (26) does not give nee either:
    // n + geen antwoord = those asked = everyone − nee, so one of them must be hidden too
    const shownCounts = [q2.hiddenCounts.n ? null : q2.n, q2.hiddenCounts.skipped ? null : q2.missing.skipped];
    expect(shownCounts, 'n (met een getal) and Geen antwoord both shown give 26 − 12 − 8 − 4 = nee').toContain(null);
  });
});
