/**
 * Questionnaire files on disk: read, then checked by the domain's parseQuestionnaire (the domain
 * itself touches no file system).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire, type Fault, type LoadResult } from '../domain/questionnaire/load.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';

/** Read and check one questionnaire file. */
export function loadQuestionnaireFile(file: string): LoadResult {
  const read = readQuestionnaireText(file);
  return 'fault' in read ? { ok: false, faults: [read.fault] } : parseQuestionnaire(read.text, file);
}

/** The questionnaire files of a folder (every `*.json` but the generated JSON Schema), sorted by name. */
export function questionnaireFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Read a file's text, or the fault that it cannot be read. */
export function readQuestionnaireText(file: string): { text: string } | { fault: Fault } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { fault: { file, path: '', message: `cannot read file: ${(error as Error).message}` } };
  }
}

/** A file of the folder that passed the check: its text and the questionnaire it gives. */
export interface FolderFile {
  file: string;
  text: string;
  questionnaire: Questionnaire;
}

/** Every `*.json` questionnaire in a folder (the generated JSON Schema excepted) with its text, and all faults (a duplicate id is one). */
export function readQuestionnaireFolder(dir: string): { files: FolderFile[]; faults: Fault[] } {
  const files: FolderFile[] = [];
  const faults: Fault[] = [];
  const seen = new Map<string, string>();
  for (const file of questionnaireFilesIn(dir)) {
    const read = readQuestionnaireText(file);
    if ('fault' in read) {
      faults.push(read.fault);
      continue;
    }
    const result = parseQuestionnaire(read.text, file);
    if (!result.ok) {
      faults.push(...result.faults);
      continue;
    }
    const other = seen.get(result.questionnaire.id);
    if (other) faults.push({ file, path: 'id', message: `id "${result.questionnaire.id}" is also used by ${other}` });
    seen.set(result.questionnaire.id, file);
    files.push({ file, text: read.text, questionnaire: result.questionnaire });
  }
  return { files, faults };
}

/** Every `*.json` questionnaire in a folder (the generated JSON Schema excepted), or all faults. */
export function loadQuestionnaireDir(dir: string): { questionnaires: Questionnaire[]; faults: Fault[] } {
  const { files, faults } = readQuestionnaireFolder(dir);
  return { questionnaires: files.map((f) => f.questionnaire), faults };
}
