/**
 * The one way tests build a questionnaire: from a small JSON object (`input` on top of a test id,
 * version and title), to any stage a real file passes through — the JSON a researcher writes, the
 * schema-parsed file, the normalized questionnaire, the fully checked one (schema + lint, as at
 * start-up), a file on disk or a QUESTIONNAIRES_DIR folder — and the committed instruments.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../server/config.js';
import { parseQuestionnaire, type LoadResult } from '../../server/domain/questionnaire/load.js';
import { loadQuestionnaireFile } from '../../server/services/questionnaireFiles.js';
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

/** The JSON of a questionnaire file: `input` on top of a test id, version and title. */
export function questionnaireJson(input: object): Json {
  return { id: 'test', version: '1', title: 'Test', ...input };
}

/** A file as the schema parses it (defaults applied); throws when the input does not pass the schema. */
export function file(input: object): QuestionnaireFile {
  return questionnaireSchema.parse(questionnaireJson(input));
}

/** A normalized questionnaire (schema only, no lint: for tests that break the logic on purpose). */
export function questionnaire(input: object): Questionnaire {
  return normalize(file(input));
}

function orThrow(result: LoadResult): Questionnaire {
  if (!result.ok) throw new Error(result.faults.map((f) => `${f.file}: ${f.path}: ${f.message}`).join('\n'));
  return result.questionnaire;
}

/** A questionnaire checked as the server checks a file at start-up (schema, normalization, lint); throws with the faults. */
export function checkedQuestionnaire(input: object, fileName = 'test.json'): Questionnaire {
  return orThrow(parseQuestionnaire(JSON.stringify(questionnaireJson(input)), fileName));
}

/** A questionnaire file from disk, checked; throws with the faults. */
export function loadQuestionnaire(path: string): Questionnaire {
  return orThrow(loadQuestionnaireFile(path));
}

/** One of the committed instruments in questionnaires/ (e.g. "stappenmeter-doelbereik"), checked. */
export function instrument(id: string): Questionnaire {
  return loadQuestionnaire(join(projectRoot, 'questionnaires', `${id}.json`));
}

/** Write the questionnaire's JSON into `dir` as `<id>.json` (or `fileName`); returns the path. */
export function writeQuestionnaire(dir: string, input: object, fileName?: string): string {
  const json = questionnaireJson(input);
  const path = join(dir, fileName ?? `${String(json.id)}.json`);
  writeFileSync(path, JSON.stringify(json, null, 2));
  return path;
}

/** A fresh temp folder holding these questionnaires, for QUESTIONNAIRES_DIR. */
export function questionnaireFolder(inputs: object[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'vhq-'));
  for (const input of inputs) writeQuestionnaire(dir, input);
  return dir;
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
