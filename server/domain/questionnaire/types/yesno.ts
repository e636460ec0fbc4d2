import type { QuestionTypeModule } from './module.js';

export const YES = 1;
export const NO = 0;

export const yesno: QuestionTypeModule<'yesno'> = {
  variables(q) {
    return [
      {
        code: q.code,
        question: q.code,
        kind: 'number',
        label: q.text,
        valueLabels: [
          { value: YES, label: q.yesLabel },
          { value: NO, label: q.noLabel },
        ],
        missingValues: [],
        measure: 'nominal',
      },
    ];
  },
};
