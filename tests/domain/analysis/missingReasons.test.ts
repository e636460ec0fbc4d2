/**
 * Missing data by reason when routing hides questions: a statement, a multiple-choice and a number
 * question behind a condition count "not shown" apart from "skipped" and "declared missing", and leave
 * the respondents who never saw them out of every base. And a single-choice table keeps its
 * "anders, namelijk" row among the substantive answers, apart from "weet niet" and non-response.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { ChoiceQuestionReport, MultiQuestionReport, NumberQuestionReport } from '../../../server/domain/analysis/types.js';
import type { Questionnaire } from '../../../server/domain/questionnaire/normalize.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { expectAllFinite } from '../../helpers/analysis.js';
import { checkedQuestionnaire } from '../../helpers/questionnaire.js';

function questionnaire(): Questionnaire {
  const raw = {
    id: 'routering',
    title: 'Routering',
    pages: [
      {
        id: 'start',
        blocks: [
          { type: 'yesno', code: 'Q1', text: 'Neemt u deel aan het overleg?' },
          {
            type: 'single',
            code: 'Q2',
            text: 'Uw organisatie',
            options: [
              { value: 1, label: 'Politie' },
              { value: 2, label: 'Gemeente' },
              { value: 3, label: 'Anders, namelijk', other: true },
              { value: 9, label: 'weet niet', missing: true },
            ],
          },
        ],
      },
      {
        id: 'overleg',
        showIf: { q: 'Q1', equals: 1 },
        blocks: [
          {
            type: 'likert',
            code: 'Q3',
            scale: [
              { value: 1, label: 'helemaal niet' },
              { value: 2, label: 'enigszins' },
              { value: 3, label: 'grotendeels' },
              { value: 4, label: 'volledig' },
            ],
            missing: [{ value: 5, label: 'geen oordeel' }],
            statements: [
              { code: 'Q3_1', text: 'Het overleg is nuttig' },
              { code: 'Q3_2', text: 'Het overleg is goed voorbereid' },
            ],
          },
          {
            type: 'multi',
            code: 'Q4',
            text: 'Met wie stemt u af?',
            options: [
              { value: 1, label: 'Politie' },
              { value: 2, label: 'Zorg' },
            ],
          },
          { type: 'number', code: 'Q5', text: 'Hoe vaak was u er?', min: 0, max: 30, integer: true, dontKnow: { value: 99, label: 'weet niet' } },
        ],
      },
    ],
    aspects: [{ id: 'overleg', label: 'Overleg', items: ['Q3_1', 'Q3_2'] }],
  };
  return checkedQuestionnaire(raw, 'routering.json');
}

const q = questionnaire();

describe('missing data by reason, with routing', () => {
  const responses: Values[] = [
    // shown and answered
    { Q1: 1, Q2: 1, Q3_1: 4, Q3_2: 3, Q4_1: 1, Q4_2: 0, Q5: 10 },
    { Q1: 1, Q2: 3, Q2_other: 'OM', Q3_1: 2, Q3_2: 2, Q4_1: 0, Q4_2: 1, Q5: 4 },
    // shown: geen oordeel, skipped, weet niet
    { Q1: 1, Q2: 9, Q3_1: 5, Q3_2: null, Q4_1: 0, Q4_2: 0, Q5: 99 },
    // not shown (Q1 = nee), with stale answers behind the condition that must not count
    { Q1: 0, Q2: 3, Q2_other: 'Reclassering', Q3_1: 1, Q3_2: 1, Q4_1: 1, Q4_2: 1, Q5: 30 },
    // not shown (Q1 unanswered)
    { Q2: 2 },
    { Q1: 0 },
  ];
  const report = analyze(q, responses, { minCellSize: 1 });

  it('splits a statement\'s missing answers into skipped, declared missing and not shown', () => {
    const q3_1 = report.items.find((i) => i.code === 'Q3_1')!;
    expect(q3_1.missing).toEqual({ skipped: 0, declared: 1, notShown: 3, invalid: 0 });
    // the stale 1 of the fourth response is not counted: mean of 4 and 2
    expect([q3_1.n, q3_1.mean, q3_1.min, q3_1.max]).toEqual([2, 3, 2, 4]);
    // Totaal = responses shown the item (3), not all six
    expect(q3_1.total).toBe(3);
    expect(q3_1.frequencies.map((r) => [r.kind, r.count, r.percent])).toEqual([
      ['option', 0, 0],
      ['option', 1, 34],
      ['option', 0, 0],
      ['option', 1, 33],
      ['missing', 1, 33],
      ['nonResponse', 0, 0],
    ]);
    const q3_2 = report.items.find((i) => i.code === 'Q3_2')!;
    expect(q3_2.missing).toEqual({ skipped: 1, declared: 0, notShown: 3, invalid: 0 });
    expect(q3_2.n).toBe(2);
  });

  it('leaves respondents who were not shown the aspect out of its reliability and scores', () => {
    const scale = report.scales[0]!;
    // listwise: the two complete pairs (4, 3) and (2, 2); the hidden (1, 1) is not among them
    expect(scale.n).toBe(2);
    // minimum 1 of 2 answered: 3.5 and 2; the third shown respondent gave geen oordeel and a blank, so no score
    expect(scale.minAnswered).toBe(1);
    expect(scale.scoreN).toBe(2);
    expect(scale.scoreMean).toBe(2.75);
  });

  it('counts not shown apart for multiple choice and numbers too', () => {
    const q4 = report.questions.find((x) => x.code === 'Q4') as MultiQuestionReport;
    expect([q4.shown, q4.notShown, q4.n, q4.nonResponse, q4.mentions]).toEqual([3, 3, 2, 1, 2]);
    expect(q4.rows.map((r) => [r.count, r.percentOfRespondents])).toEqual([
      [1, 50],
      [1, 50],
    ]);
    const q5 = report.questions.find((x) => x.code === 'Q5') as NumberQuestionReport;
    expect(q5.missing).toEqual({ skipped: 0, declared: 1, notShown: 3, invalid: 0 });
    expect([q5.n, q5.mean, q5.median, q5.max]).toEqual([2, 7, 7, 10]);
  });

  it('keeps the "anders, namelijk" row among the substantive answers, apart from weet niet and non-response', () => {
    const q2 = report.questions.find((x) => x.code === 'Q2') as ChoiceQuestionReport;
    expect(q2.rows.map((r) => [r.kind, r.label, r.count, r.percent, r.validPercent])).toEqual([
      ['option', 'Politie', 1, 17, 25],
      ['option', 'Gemeente', 1, 17, 25],
      ['other', 'Anders, namelijk', 2, 33, 50],
      ['missing', 'weet niet', 1, 17, null],
      ['nonResponse', 'Geen antwoord', 1, 16, null],
    ]);
    expect([q2.n, q2.total]).toEqual([4, 6]);
    expectAllFinite(report);
  });
});
