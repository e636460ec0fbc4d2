import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../server/cli.js';
import { committedSchemaFile, describeCondition, questionnaireCheck, questionnaireSchema, questionnaireShow } from '../../server/cli/questionnaire.js';
import { spawnCli } from '../helpers/childProcess.js';
import { capturedIo, stubCliEnvironment } from '../helpers/cli.js';
import { base, writeQuestionnaire } from '../helpers/questionnaire.js';
import { parseJsonWithPositions } from '../../server/domain/questionnaire/jsonPositions.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let good: string;
let bad: string;
let twin: string;
const write = (name: string, raw: object) => writeQuestionnaire(dir, { title: 'Testlijst', ...raw }, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vhq-cli-'));
  good = write('good.json', base());
  const broken = base();
  broken.pages[2]!.blocks[1]!.showIf = { q: 'Q99', equals: 1 };
  broken.aspects[0]!.items.push('Q5');
  bad = write('bad.json', broken);
  twin = write('twin.json', base());
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

const configure = (questionnairesDir: string) => stubCliEnvironment({ QUESTIONNAIRES_DIR: questionnairesDir });

describe('questionnaire check', () => {
  it('exits 0 for a valid file and says how many questions and variables it has', async () => {
    const c = capturedIo();
    expect(await questionnaireCheck([good], c.io)).toBe(0);
    expect(c.stdout()).toBe(`${good}: OK (9 questions, 18 variables)\n`);
    expect(c.stderr()).toBe('');
  });

  it('exits 1 with one line per fault: file, JSON path, message', async () => {
    const c = capturedIo();
    expect(await questionnaireCheck([bad], c.io)).toBe(1);
    expect(c.stdout()).toBe(
      [
        `${bad}: pages[2].blocks[1].showIf: refers to "Q99", which does not exist`,
        `${bad}: aspects[0].items[3]: "Q5" is an open question, not a Likert statement`,
        '',
      ].join('\n'),
    );
  });

  it('prints { ok, faults } with --json, each fault with the line and column of its element', async () => {
    const text = readFileSync(bad, 'utf8');
    const spans = (parseJsonWithPositions(text) as { spans: ReadonlyMap<string, { line: number; column: number; from: number; to: number }> }).spans;
    const at = (path: string) => {
      const { line, column, from, to } = spans.get(path)!;
      return { line, column, from, to };
    };
    expect(text.slice(at('aspects[0].items[3]').from, at('aspects[0].items[3]').to)).toBe('"Q5"');
    const c = capturedIo();
    expect(await questionnaireCheck([bad, '--json'], c.io)).toBe(1);
    expect(JSON.parse(c.stdout())).toEqual({
      ok: false,
      faults: [
        { file: bad, path: 'pages[2].blocks[1].showIf', message: 'refers to "Q99", which does not exist', ...at('pages[2].blocks[1].showIf') },
        { file: bad, path: 'aspects[0].items[3]', message: '"Q5" is an open question, not a Likert statement', ...at('aspects[0].items[3]') },
      ],
    });
    const ok = capturedIo();
    expect(await questionnaireCheck(['--json', good], ok.io)).toBe(0);
    expect(JSON.parse(ok.stdout())).toEqual({ ok: true, faults: [] });
  });

  it('checks several files and finds two with one id, as the server would', async () => {
    const c = capturedIo();
    expect(await questionnaireCheck([good, twin], c.io)).toBe(1);
    expect(c.stdout()).toBe(`${good}: OK (9 questions, 18 variables)\n${twin}: id: id "test" is also used by ${good}\n`);
  });

  it('checks the configured questionnaires folder when no file is given', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vhq-cli-dir-'));
    try {
      writeFileSync(join(folder, 'een.json'), readFileSync(good));
      writeFileSync(join(folder, 'questionnaire.schema.json'), '{}');
      configure(folder);
      const c = capturedIo();
      expect(await questionnaireCheck([], c.io)).toBe(0);
      expect(c.stdout()).toBe(`${join(folder, 'een.json')}: OK (9 questions, 18 variables)\n`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('checks the shipped questionnaires', async () => {
    configure(join(root, 'questionnaires'));
    const c = capturedIo();
    expect(await questionnaireCheck(['--json'], c.io)).toBe(0);
    expect(JSON.parse(c.stdout())).toEqual({ ok: true, faults: [] });
  });

  it('is reachable through the command line', async () => {
    const c = capturedIo();
    expect(await runCli(['questionnaire', 'check', good], c.io)).toBe(0);
    expect(c.stdout()).toContain('OK (9 questions, 18 variables)');
    const unknown = capturedIo();
    expect(await runCli(['questionnaire', 'check', '--nope'], unknown.io)).toBe(2);
    expect(unknown.stderr()).toMatch(/--nope/);
  });

  it('exits 1 and prints the fault lines when run as a process (npm run cli -- questionnaire check)', async () => {
    const run = spawnCli(['questionnaire', 'check', bad], {});
    expect((await run.exited).code).toBe(1);
    expect(run.stdout().trim().split('\n')).toEqual([
      `${bad}: pages[2].blocks[1].showIf: refers to "Q99", which does not exist`,
      `${bad}: aspects[0].items[3]: "Q5" is an open question, not a Likert statement`,
    ]);
    const ok = spawnCli(['questionnaire', 'check', good], {});
    expect((await ok.exited).code).toBe(0);
    expect(ok.stdout()).toBe(`${good}: OK (9 questions, 18 variables)\n`);
  });
});

describe('questionnaire show', () => {
  it('prints the parsed, normalized questionnaire with --json, aspects as { id, label, items }', async () => {
    const c = capturedIo();
    expect(await questionnaireShow([good, '--json'], c.io)).toBe(0);
    const shown = JSON.parse(c.stdout()) as Record<string, unknown>;
    expect(shown.aspects).toEqual([{ id: 'oordeel', label: 'Oordeel', items: ['Q6_1', 'Q6_2', 'Q6_3'], minAnswered: 2 }]);
    expect(shown).toMatchObject({ id: 'test', language: 'nl', pages: expect.any(Array), variables: expect.any(Array) });
    expect(shown).not.toHaveProperty('answerScales');
    // the named scale is inlined
    const pages = shown.pages as Array<{ blocks: Array<{ code?: string; scale?: unknown }> }>;
    expect(pages[1]?.blocks[0]?.scale).toEqual([
      { value: 1, label: 'oneens' },
      { value: 2, label: 'beetje oneens' },
      { value: 3, label: 'beetje eens' },
      { value: 4, label: 'eens' },
    ]);
  });

  it('prints an outline with codes, types, variables and conditions without --json', async () => {
    const raw = base();
    raw.pages[2]!.showIf = { all: [{ q: 'Q2', equals: 1 }, { any: [{ q: 'Q4', includes: 3 }, { q: 'Q3', gte: 50 }] }] };
    const file = write('routed.json', raw);
    const c = capturedIo();
    expect(await questionnaireShow([file], c.io)).toBe(0);
    const out = c.stdout();
    expect(out).toContain('Testlijst (test, version 1): 3 pages, 9 questions, 18 variables');
    expect(out).toContain('Page 3 "slot"  [if Q2 = 1 and (Q4 includes 3 or Q3 ≥ 50)]');
    expect(out).toMatch(/ {2}Q4 +multi +Met wie\n +variables: Q4_1, Q4_2, Q4_3, Q4_4, Q4_other/);
    expect(out).toContain('oordeel "Oordeel" (3 items, score needs 2 answered): Q6_1, Q6_2, Q6_3');
    expect(out).toContain('functie "Functie": Q1, bands politie | gemeente');
  });

  it('exits 1 with the fault lines for an invalid file, and 2 without a file', async () => {
    const c = capturedIo();
    expect(await questionnaireShow([bad], c.io)).toBe(1);
    expect(c.stdout()).toContain(`${bad}: pages[2].blocks[1].showIf: refers to "Q99", which does not exist`);
    const none = capturedIo();
    expect(await runCli(['questionnaire', 'show'], none.io)).toBe(2);
    expect(none.stderr()).toContain('Usage: questionnaire show <file> [--json]');
  });
});

describe('describeCondition', () => {
  it('reads like the rule a researcher wrote', () => {
    expect(describeCondition({ q: 'Q2', notEquals: 3 })).toBe('Q2 ≠ 3');
    expect(describeCondition({ q: 'Q5', equals: 'geen' })).toBe('Q5 = "geen"');
    expect(describeCondition({ q: 'Q1', in: [1, 2] })).toBe('Q1 in (1, 2)');
    expect(describeCondition({ q: 'Q3', lt: 10 })).toBe('Q3 < 10');
    expect(describeCondition({ not: { q: 'Q8', answered: true } })).toBe('not (Q8 answered)');
    expect(describeCondition({ any: [{ q: 'Q8', answered: false }, { all: [{ q: 'Q3', lte: 1 }, { q: 'Q3', gt: 0 }] }] })).toBe('Q8 unanswered or (Q3 ≤ 1 and Q3 > 0)');
  });
});

describe('questionnaire schema', () => {
  it('writes the JSON Schema and then finds it up to date; --check exits 1 when it is stale', async () => {
    const out = join(dir, 'questionnaire.schema.json');
    const write = capturedIo();
    expect(await questionnaireSchema(['--out', out], write.io)).toBe(0);
    expect(write.stdout()).toMatch(/^Wrote .*questionnaire\.schema\.json\.\n$/);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(committedSchemaFile, 'utf8'));
    const check = capturedIo();
    expect(await questionnaireSchema(['--check', '--out', out], check.io)).toBe(0);
    writeFileSync(out, '{}\n');
    const stale = capturedIo();
    expect(await questionnaireSchema(['--check', '--out', out], stale.io)).toBe(1);
    expect(stale.stderr()).toMatch(/out of date; regenerate it with: npm run cli -- questionnaire schema/);
  });

  it('finds the committed schema up to date', async () => {
    const c = capturedIo();
    expect(await runCli(['questionnaire', 'schema', '--check'], c.io)).toBe(0);
  });
});
