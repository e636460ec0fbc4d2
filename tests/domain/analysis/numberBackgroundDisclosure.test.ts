/**
 * A number question used as a background variable: its own frequency table publishes "n (met een
 * getal)", "Geen antwoord", the declared missing and invalid counts besides its bands, so hiding a small
 * band and one complement is not enough when the complement is the "Onbekend" group those rows add up to.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { NumberQuestionReport } from '../../../server/domain/analysis/types.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { checkedQuestionnaire } from '../../helpers/questionnaire.js';
import { RowSpan } from '../../../server/domain/stats/rowSpan.js';

function questionnaire() {
  return checkedQuestionnaire(
    {
      id: 'jaren',
      title: 'Jaren',
      background: [{ id: 'ervaring', label: 'Ervaring', question: 'Q1', bands: [{ label: '0-4', max: 4 }, { label: '5-9', min: 5, max: 9 }, { label: '10+', min: 10 }] }],
      pages: [{ id: 'p1', blocks: [{ type: 'number', code: 'Q1', text: 'Hoeveel jaar ervaring?', min: 0, max: 60, dontKnow: { value: 99, label: 'Weet niet' } }] }],
    },
    'jaren.json',
  );
}

describe('a number background cannot give a hidden band through its own frequency table', () => {
  it('hides one more band where n (met een getal) minus the shown bands would be the small band', () => {
    // 0-4: 6, 5-9: 2 (small), 10+: 7; unknown (4 skipped, 1 weet niet) 5: complementary suppression would take the unknown group
    const answers: Array<number | null> = [1, 1, 2, 2, 3, 3, 6, 7, 10, 11, 12, 13, 14, 15, 16, null, null, null, null, 99];
    const responses: Values[] = answers.map((x) => (x === null ? ({} as Values) : { Q1: x }));
    const report = analyze(questionnaire(), responses, { by: ['ervaring'], minCellSize: 3 });
    const q = report.questions.find((x) => x.code === 'Q1') as NumberQuestionReport;
    const cells = report.breakdowns[0]!.cells;

    // the attacker's facts as published: everyone, the shown breakdown groups, the shown bands, n, weet niet, geen antwoord
    const classOf = (x: number | null) => (x === null ? 'blank' : x === 99 ? 'dk' : x <= 4 ? '0-4' : x <= 9 ? '5-9' : '10+');
    const member = (pred: (c: string) => boolean) => answers.map((x) => (pred(classOf(x)) ? 1 : 0));
    const facts = new RowSpan(answers.length);
    facts.add(member(() => true));
    for (const c of cells) if (!c.suppressed && c.n > 0) facts.add(member((k) => (c.value === 'Onbekend' ? k === 'blank' || k === 'dk' : k === c.value)));
    for (const band of q.bands ?? []) if (!band.hidden) facts.add(member((k) => k === band.label));
    expect(q.n).toBe(15);
    facts.add(member((k) => k !== 'blank' && k !== 'dk'));
    expect(q.missing.skipped).toBe(4);
    facts.add(member((k) => k === 'blank'));
    expect(q.missing.declared).toBe(1);
    facts.add(member((k) => k === 'dk'));

    expect(cells.find((c) => c.value === '5-9')!.suppression).toBe('small');
    expect(facts.contains(member((k) => k === '5-9')), 'the n of band 5-9 (2) is derivable').toBe(false);
  });
});
