import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { formatFault, formatPath, parseQuestionnaire } from '../../../server/domain/questionnaire/load.js';
import { loadQuestionnaireDir, loadQuestionnaireFile } from '../../../server/services/questionnaireFiles.js';
import { base, questionnaireJson, type Raw } from '../../helpers/questionnaire.js';

const json = (raw: object) => JSON.stringify(questionnaireJson(raw));

function withUnknownReference(): Raw {
  const raw = base();
  raw.pages[2]!.blocks[1]!.showIf = { q: 'Q99', equals: 1 };
  return raw;
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function folder(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'vhq-load-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('formatting faults', () => {
  it('writes zod paths as JSON paths', () => {
    expect(formatPath(['pages', 2, 'blocks', 1, 'showIf'])).toBe('pages[2].blocks[1].showIf');
    expect(formatPath(['answerScales', 'eens', 0, 'value'])).toBe('answerScales.eens[0].value');
    expect(formatPath([])).toBe('');
  });

  it('writes one line per fault: file, path, message', () => {
    expect(formatFault({ file: 'q.json', path: 'aspects[3].items[2]', message: 'refers to "Q99", which does not exist' })).toBe(
      'q.json: aspects[3].items[2]: refers to "Q99", which does not exist',
    );
    expect(formatFault({ file: 'q.json', path: '', message: 'invalid JSON' })).toBe('q.json: (top level): invalid JSON');
  });
});

describe('parseQuestionnaire', () => {
  it('reports JSON syntax errors with their line and column', () => {
    const result = parseQuestionnaire('{\n  "id": "x",\n  "version": }', 'q.json');
    expect(result).toEqual({
      ok: false,
      faults: [{ file: 'q.json', path: '', message: "invalid JSON: unexpected '}': expected a value (line 3, column 14)", line: 3, column: 14, from: 28, to: 29 }],
    });
  });

  it('reports schema faults with their path', () => {
    const raw = base();
    raw.pages[0]!.blocks[1]!.options = [{ value: 1, label: 'enige' }];
    raw.pages[1]!.blocks[0]!.statements[0].code = '1e';
    const result = parseQuestionnaire(json(raw), 'q.json');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.faults.map((f) => f.path)).toEqual(['pages[0].blocks[1].options', 'pages[1].blocks[0].statements[0].code']);
  });

  it('reports a condition with two operators', () => {
    const raw = base();
    raw.pages[2]!.showIf = { q: 'Q1', equals: 1, gt: 0 };
    const result = parseQuestionnaire(json(raw), 'q.json');
    expect(!result.ok && result.faults).toEqual([
      { file: 'q.json', path: 'pages[2].showIf', message: expect.stringContaining('exactly one of'), line: 1, column: expect.any(Number), from: expect.any(Number), to: expect.any(Number) },
    ]);
  });

  it('runs lint after the schema, with the file name on each fault and the place of the element it names', () => {
    const text = JSON.stringify(questionnaireJson(withUnknownReference()), null, 2);
    const result = parseQuestionnaire(text, 'q.json');
    expect(result).toEqual({
      ok: false,
      faults: [{ file: 'q.json', path: 'pages[2].blocks[1].showIf', message: 'refers to "Q99", which does not exist', line: expect.any(Number), column: 11, from: expect.any(Number), to: expect.any(Number) }],
    });
    const fault = !result.ok ? result.faults[0]! : undefined;
    expect(text.split('\n')[fault!.line! - 1]!.trim()).toBe('"showIf": {');
    expect(JSON.parse(`{${text.slice(fault!.from, fault!.to)}}`)).toEqual({ showIf: { q: 'Q99', equals: 1 } });
  });

  it('gives the normalized questionnaire and the parsed file when all is well', () => {
    const result = parseQuestionnaire(json(base()), 'q.json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.questionnaire.variables).toHaveLength(18);
    expect(result.source.answerScales).toHaveProperty('eens');
  });
});

describe('loading files and folders', () => {
  it('reports a file that cannot be read', () => {
    const result = loadQuestionnaireFile('/nonexistent/q.json');
    expect(!result.ok && result.faults[0]).toMatchObject({ file: '/nonexistent/q.json', path: '', message: expect.stringContaining('cannot read file') });
  });

  it('loads every questionnaire of a folder, skips the JSON Schema and reports lint faults and duplicate ids', () => {
    const d = folder({
      'a.json': json({ ...base(), id: 'een' }),
      'b.json': json({ ...base(), id: 'een' }),
      'c.json': json({ ...withUnknownReference(), id: 'drie' }),
      'questionnaire.schema.json': '{ "not": "a questionnaire" }',
      'notes.txt': 'ignored',
    });
    const { questionnaires, faults } = loadQuestionnaireDir(d);
    expect(questionnaires.map((q) => q.id)).toEqual(['een', 'een']);
    expect(faults).toEqual([
      { file: join(d, 'b.json'), path: 'id', message: `id "een" is also used by ${join(d, 'a.json')}` },
      expect.objectContaining({ file: join(d, 'c.json'), path: 'pages[2].blocks[1].showIf', message: 'refers to "Q99", which does not exist', line: 1 }),
    ]);
  });
});

describe('server start', () => {
  it('refuses to start when a questionnaire has a lint fault, naming file and path', async () => {
    const d = folder({ 'kapot.json': json(withUnknownReference()) });
    const config = loadConfig({ DATABASE_FILE: ':memory:', QUESTIONNAIRES_DIR: d, LOG_LEVEL: 'silent' });
    await expect(buildApp({ config, logger: false })).rejects.toThrow(
      `${join(d, 'kapot.json')}: pages[2].blocks[1].showIf: refers to "Q99", which does not exist`,
    );
  });
});
