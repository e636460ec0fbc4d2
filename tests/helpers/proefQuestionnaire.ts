import type { Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import type { QuestionnaireInput } from '../../server/domain/questionnaire/schema.js';
import { questionnaire, questionnaireFolder } from './questionnaire.js';

/**
 * A small questionnaire with every question type, page- and question-level routing (also on the same
 * page), a required matrix with a "geen oordeel" column, contact questions and repeat.
 */
export const proefInput: QuestionnaireInput = {
  id: 'proef',
  version: '1',
  title: 'Proefvragenlijst',
  intro: 'Een korte proef.',
  closing: 'Dank voor het meedoen.',
  answerScales: {
    mate: [
      { value: 1, label: 'helemaal niet' },
      { value: 2, label: 'enigszins' },
      { value: 3, label: 'grotendeels' },
      { value: 4, label: 'volledig' },
    ],
  },
  pages: [
    {
      id: 'start',
      title: 'Over u',
      blocks: [
        {
          type: 'single',
          code: 'Q1',
          text: 'Welk overleg?',
          required: true,
          options: [
            { value: 1, label: 'Jeugd' },
            { value: 2, label: 'Volwassenen' },
            { value: 3, label: 'Anders', other: true, otherLabel: 'Anders, namelijk' },
          ],
        },
        { type: 'yesno', code: 'Q2', text: 'Zit u ook in de stuurgroep?', required: true },
      ],
    },
    {
      id: 'matrix',
      title: 'Oordeel',
      blocks: [
        { type: 'text', id: 'T1', text: 'De volgende stellingen gaan over het overleg.' },
        {
          type: 'likert',
          code: 'M1',
          text: 'Hoe beoordeelt u het overleg?',
          required: true,
          scale: 'mate',
          missing: [{ value: 5, label: 'geen oordeel', missing: true }],
          statements: [
            { code: 'M1_1', text: 'Het doel is duidelijk' },
            { code: 'M1_2', text: 'De agenda is helder' },
            { code: 'M1_3', text: 'Informatie wordt gedeeld' },
          ],
        },
        {
          type: 'likert',
          code: 'M2',
          text: 'En de opvolging?',
          scale: 'mate',
          statements: [
            { code: 'M2_1', text: 'Afspraken worden nagekomen' },
            { code: 'M2_2', text: 'Er is terugkoppeling' },
          ],
        },
      ],
    },
    {
      id: 'stuurgroep',
      title: 'Stuurgroep',
      showIf: { q: 'Q2', equals: 1 },
      blocks: [
        {
          type: 'multi',
          code: 'Q3',
          text: 'Welke partners zitten in de stuurgroep?',
          max: 2,
          options: [
            { value: 1, label: 'Politie' },
            { value: 2, label: 'Gemeente' },
            { value: 3, label: 'Anders', other: true },
            { value: 4, label: 'Geen vaste partners', exclusive: true },
          ],
        },
        { type: 'list', code: 'Q4', text: 'Noem de gemeenten', maxEntries: 3, maxLength: 40 },
        {
          type: 'number',
          code: 'Q5',
          text: 'Welk deel van de casussen komt van de politie?',
          required: true,
          min: 0,
          max: 100,
          unit: '%',
          dontKnow: { value: 999, label: 'Weet niet', missing: true },
        },
      ],
    },
    {
      id: 'verdeling',
      title: 'Verdeling',
      blocks: [
        {
          type: 'constantSum',
          code: 'Q6',
          text: 'Verdeel uw tijd',
          required: true,
          total: 100,
          unit: '%',
          items: [
            { code: 'Q6_a', label: 'Voorbereiding' },
            { code: 'Q6_b', label: 'Overleg' },
            { code: 'Q6_c', label: 'Overig' },
          ],
        },
        { type: 'open', code: 'Q8', text: 'Wat valt onder overig?', required: true, showIf: { q: 'Q6_c', gt: 0 } },
        { type: 'open', code: 'Q7', text: 'Opmerkingen', multiline: true, maxLength: 50 },
      ],
    },
    {
      id: 'contact',
      title: 'Contact',
      blocks: [
        { type: 'yesno', code: 'Q9', text: 'Wilt u contact?', contact: true },
        { type: 'open', code: 'Q10_naam', text: 'Uw naam', contact: true, showIf: { q: 'Q9', equals: 1 } },
        { type: 'email', code: 'Q10_email', text: 'Uw e-mailadres', contact: true, showIf: { q: 'Q9', equals: 1 } },
      ],
    },
  ],
  repeat: { enabled: true, maxResponses: 2 },
};

/** The normalized fixture questionnaire. */
export function proef(overrides: Partial<QuestionnaireInput> = {}): Questionnaire {
  return questionnaire({ ...proefInput, ...overrides });
}

/** A temp questionnaires folder holding the fixture (and optionally more files); for createTestApp's QUESTIONNAIRES_DIR. */
export function questionnaireDir(extra: QuestionnaireInput[] = []): string {
  return questionnaireFolder([proefInput, ...extra]);
}
