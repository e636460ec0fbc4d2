/** Building small questionnaire files for the questionnaire tests. */
import { normalize, type Questionnaire } from '../../server/domain/questionnaire/normalize.js';
import { questionnaireSchema, type QuestionnaireFile } from '../../server/domain/questionnaire/schema.js';

// tests edit questionnaire JSON as a researcher would: untyped
type Json = Record<string, any>;

/** Questionnaire JSON before parsing, loosely typed so a test can break any part of it. */
export interface Raw extends Json {
  answerScales: Record<string, Json[]>;
  pages: Array<{ id: string; title?: string; showIf?: unknown; blocks: Json[] }>;
  aspects: Json[];
  background: Json[];
}

/** A file as the schema parses it (defaults applied); throws when the input does not pass the schema. */
export function file(input: object): QuestionnaireFile {
  return questionnaireSchema.parse({ id: 'test', version: '1', title: 'Test', ...input });
}

/** A normalized questionnaire. */
export function questionnaire(input: object): Questionnaire {
  return normalize(file(input));
}

export const agree = [
  { value: 1, label: 'oneens' },
  { value: 2, label: 'beetje oneens' },
  { value: 3, label: 'beetje eens' },
  { value: 4, label: 'eens' },
];

/**
 * A valid questionnaire that uses every question type; tests copy it and break one thing.
 * Codes: Q1 single (3 = weet niet), Q2 yes/no, Q3 number 0-100 (999 = weet niet), Q4 multiple choice
 * (4 = exclusive, 3 = other), Q5 open, Q6 Likert on "eens" with 9 = geen oordeel, Q7 constant sum,
 * Q8 list, Q9 e-mail.
 */
export function base(): Raw {
  return structuredClone({
    answerScales: { eens: agree },
    pages: [
      {
        id: 'achtergrond',
        blocks: [
          { type: 'text', id: 'intro', text: 'Eerst enkele vragen over u.' },
          {
            type: 'single',
            code: 'Q1',
            text: 'Functie',
            options: [
              { value: 1, label: 'politie', meaning: 1 },
              { value: 2, label: 'gemeente', meaning: 2 },
              { value: 3, label: 'weet niet', missing: true },
            ],
          },
          { type: 'yesno', code: 'Q2', text: 'Neemt u deel aan het casusoverleg?' },
          { type: 'number', code: 'Q3', text: 'Percentage', min: 0, max: 100, dontKnow: { value: 999, label: 'weet niet' } },
          {
            type: 'multi',
            code: 'Q4',
            text: 'Met wie',
            options: [
              { value: 1, label: 'APJ' },
              { value: 2, label: 'stuurgroep' },
              { value: 3, label: 'anders', other: true },
              { value: 4, label: 'niemand', exclusive: true },
            ],
          },
          { type: 'open', code: 'Q5', text: 'Toelichting' },
        ],
      },
      {
        id: 'oordeel',
        blocks: [
          {
            type: 'likert',
            code: 'Q6',
            scale: 'eens',
            missing: [{ value: 9, label: 'geen oordeel' }],
            statements: [
              { code: 'Q6_1', text: 'Stelling 1' },
              { code: 'Q6_2', text: 'Stelling 2' },
              { code: 'Q6_3', text: 'Stelling 3', reverse: true },
            ],
          },
          {
            type: 'constantSum',
            code: 'Q7',
            text: 'Verdeling',
            total: 100,
            items: [
              { code: 'Q7_1', label: 'politie' },
              { code: 'Q7_2', label: 'overig' },
            ],
          },
        ],
      },
      {
        id: 'slot',
        blocks: [
          { type: 'list', code: 'Q8', text: 'Welke organisaties', maxEntries: 3 },
          { type: 'email', code: 'Q9', text: 'E-mailadres', contact: true },
        ],
      },
    ],
    aspects: [{ id: 'oordeel', label: 'Oordeel', items: ['Q6_1', 'Q6_2', 'Q6_3'] }],
    background: [
      { id: 'functie', label: 'Functie', question: 'Q1', bands: [{ label: 'politie', max: 1 }, { label: 'gemeente', min: 2 }] },
      { id: 'percentage', label: 'Percentage', question: 'Q3' },
    ],
  });
}
