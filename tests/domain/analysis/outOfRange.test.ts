/**
 * A number answer outside the question's own range (150 for a 0-100 % estimate, typed into a
 * hand-written CSV) is not an answer: it is counted as invalid and never enters mean, median or bands.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { NumberQuestionReport } from '../../../server/domain/analysis/types.js';
import { checkedQuestionnaire } from '../../helpers/questionnaire.js';

function questionnaire() {
  return checkedQuestionnaire(
    {
      id: 'bereik',
      title: 'Bereik',
      pages: [
        {
          id: 'p1',
          blocks: [
            {
              type: 'number',
              code: 'Q22',
              text: 'Welk deel van de casussen?',
              min: 0,
              max: 100,
              unit: '%',
              dontKnow: { value: 999, label: 'Weet niet' },
            },
          ],
        },
      ],
    },
    'bereik.json',
  );
}

describe('number answers outside the declared range', () => {
  it('counts them as invalid, not in the mean, and warns', () => {
    const report = analyze(questionnaire(), [{ Q22: 40 }, { Q22: 60 }, { Q22: 150 }, { Q22: -5 }, { Q22: 999 }, {}]);
    const q = report.questions.find((x) => x.code === 'Q22') as NumberQuestionReport;
    // hand computation: valid answers 40 and 60 → n 2, mean 50, median 50, min 40, max 60
    expect(q.n).toBe(2);
    expect(q.mean).toBe(50);
    expect(q.median).toBe(50);
    expect(q.min).toBe(40);
    expect(q.max).toBe(60);
    expect(q.missing.invalid).toBe(2);
    expect(q.missing.skipped).toBe(1);
    expect(q.declared).toEqual([{ value: 999, label: 'Weet niet', count: 1 }]);
    expect(q.bands?.reduce((sum, b) => sum + b.count, 0)).toBe(2);
    expect(report.warnings.some((w) => w.code === 'invalid-values' && w.message.startsWith('Q22: 2 '))).toBe(true);
  });
});
