/**
 * The README's questionnaire example and the check output it prints stay true: the example passes
 * `questionnaire check` with the counts the README gives, and the fault lines it shows (lint, schema
 * and syntax, in Dutch) are what the checker says for those faults.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { questionnaireCheck } from '../../server/cli/questionnaire.js';
import { projectRoot } from '../../server/config.js';

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'vhreadme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first ```json block of the README's questionnaire format section. */
function example(): Record<string, unknown> {
  const section = readme.slice(readme.indexOf('## The questionnaire format'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  if (!block) throw new Error('no JSON example in the README');
  return JSON.parse(block) as Record<string, unknown>;
}

async function check(name: string, raw: object): Promise<{ code: number; lines: string[] }> {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(raw, null, 2));
  let out = '';
  const code = await questionnaireCheck([file], { stdout: (s) => (out += s), stderr: (s) => (out += s) });
  // the README shows the path as typed, relative to the project
  return { code, lines: out.trim().split('\n').map((l) => l.replace(file, `questionnaires/${name}`)) };
}

/** Lines of the README that follow `marker` and are indented as a code block. */
function documentedLines(marker: string): string[] {
  const start = readme.indexOf(marker);
  expect(start, marker).toBeGreaterThan(-1);
  const after = readme.slice(start + marker.length).split('\n');
  const from = after.findIndex((l) => l.startsWith('    '));
  const lines: string[] = [];
  for (const line of after.slice(from)) {
    if (!line.startsWith('    ')) break;
    lines.push(line.trim());
  }
  return lines;
}

describe('the README example questionnaire', () => {
  it('passes check with the output the README prints', async () => {
    const raw = example();
    expect(raw.$schema).toBe('./questionnaire.schema.json');
    const res = await check('voorbeeld.json', raw);
    expect(res.code).toBe(0);
    expect(readme).toContain(`prints \`${res.lines[0]}\` and exits 0`);
  });

  it('gives the fault lines the README shows for an unknown option and a non-Likert aspect item', async () => {
    const raw = example() as { pages: Array<{ blocks: Array<Record<string, unknown>> }>; aspects: Array<{ items: string[] }> };
    raw.pages[1]!.blocks[1]!.showIf = { q: 'Q8', includes: 4 };
    raw.aspects[0]!.items.push('Q2');
    const res = await check('voorbeeld.json', raw);
    expect(res.code).toBe(1);
    expect(res.lines).toEqual(documentedLines('exits 1:'));
  });

  it('gives the Dutch schema and syntax fault lines the README shows', async () => {
    const raw = example() as { title?: string; pages: Array<{ blocks: Array<Record<string, any>> }> };
    delete raw.title;
    raw.pages[0]!.blocks[1]!.type = 'meerkeuze';
    raw.pages[0]!.blocks[0]!.options[2].value = '3';
    const schema = await check('voorbeeld.json', raw);
    // a syntax error stops the check before the schema: the missing value of "version"
    const file = join(dir, 'voorbeeld.json');
    writeFileSync(file, JSON.stringify(example(), null, 2).replace('"version": "1.0"', '"version": '));
    let out = '';
    await questionnaireCheck([file], { stdout: (t) => (out += t), stderr: (t) => (out += t) });
    const syntax = out.trim().replace(file, 'questionnaires/voorbeeld.json');
    expect([...schema.lines, syntax]).toEqual(documentedLines('a syntax error stops the check there):'));
  });
});
