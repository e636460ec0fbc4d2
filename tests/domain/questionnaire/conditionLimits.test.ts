/**
 * Finding 12 of issue 15: `questionnaire check` on a file with 3,000 nested `not` conditions printed
 * "Maximum call stack size exceeded" without a location, and an `any` of 100,000 parts ran for over
 * two minutes. Both files are checked here as the finding did, through the command: each is refused
 * with one located fault (the 3,000 levels by the JSON reader at their line and column, 100 levels
 * and the 100,000 parts at the condition's JSON path; without the limits the first throws and the
 * second runs past the test's time-out). Conditions within the limits still pass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { questionnaireCheck } from '../../../server/cli/questionnaire.js';
import { MAX_CONDITION_DEPTH, MAX_CONDITION_PARTS, MAX_IN_VALUES } from '../../../server/domain/questionnaire/conditionLimits.js';
import { parseQuestionnaire } from '../../../server/domain/questionnaire/load.js';
import type { Condition } from '../../../server/domain/questionnaire/schema.js';
import { capturedIo } from '../../helpers/cli.js';
import { base, questionnaireJson, writeQuestionnaire } from '../../helpers/questionnaire.js';

const dir = mkdtempSync(join(tmpdir(), 'vhq-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const comparison: Condition = { q: 'Q2', equals: 1 };
const SHOW_IF = 'pages[2].blocks[1].showIf';

function nestedNot(levels: number): Condition {
  let c: Condition = comparison;
  for (let i = 0; i < levels; i++) c = { not: c };
  return c;
}

function withCondition(condition: unknown) {
  const raw = base();
  raw.pages[2]!.blocks[1]!.showIf = condition;
  return raw;
}

async function check(name: string, condition: unknown): Promise<{ code: number; stdout: string }> {
  const file = writeQuestionnaire(dir, withCondition(condition), name);
  const c = capturedIo();
  const code = await questionnaireCheck([file], c.io);
  expect(c.stderr()).toBe('');
  return { code, stdout: c.stdout().replaceAll(`${file}: `, '') };
}

describe('questionnaire check on over-large conditions', () => {
  it('refuses 3,000 nested `not`s with one located fault instead of a stack overflow', async () => {
    // so deep that the JSON reader itself refuses it, at its line and column
    const { code, stdout } = await check('diep.json', nestedNot(3000));
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\(hele bestand\): ongeldige JSON: meer dan \d+ niveaus diep genest \(regel \d+, kolom \d+\)\n$/);
    // deep enough for the condition's own limit, well within the JSON reader's
    const hundred = await check('honderd.json', nestedNot(100));
    expect(hundred.code).toBe(1);
    expect(hundred.stdout).toBe(`${SHOW_IF}: de voorwaarde is meer dan ${MAX_CONDITION_DEPTH} niveaus diep genest (all/any/not)\n`);
  });

  it('refuses an `any` of 100,000 parts with one located fault', async () => {
    // every part a valid comparison, as in the finding: only the number of parts is wrong
    const { code, stdout } = await check('breed.json', { any: Array.from({ length: 100_000 }, (_, i) => ({ q: 'Q3', equals: i % 101 })) });
    expect(code).toBe(1);
    expect(stdout).toBe(`${SHOW_IF}: de voorwaarde heeft meer dan ${MAX_CONDITION_PARTS} delen (vergelijkingen en all/any/not); maak haar eenvoudiger\n`);
  });

  it('refuses an `in` of 100,000 values at its own path', async () => {
    const { code, stdout } = await check('lijst.json', { all: [comparison, { q: 'Q3', in: Array.from({ length: 100_000 }, (_, i) => i) }] });
    expect(code).toBe(1);
    expect(stdout).toBe(`${SHOW_IF}.all[1].in: hoogstens ${MAX_IN_VALUES} waarden (gevonden: 100000)\n`);
  });

  it('accepts conditions at the limits', () => {
    for (const condition of [
      nestedNot(MAX_CONDITION_DEPTH),
      { any: Array.from({ length: MAX_CONDITION_PARTS - 1 }, (_, i) => ({ q: 'Q3', equals: i })) },
      { q: 'Q5', in: Array.from({ length: MAX_IN_VALUES }, (_, i) => `antwoord ${i}`) },
    ]) {
      const result = parseQuestionnaire(JSON.stringify(questionnaireJson(withCondition(condition))), 'grens.json');
      expect(result.ok, JSON.stringify(result.ok ? '' : result.faults.slice(0, 3))).toBe(true);
    }
    const over = parseQuestionnaire(JSON.stringify(questionnaireJson(withCondition(nestedNot(MAX_CONDITION_DEPTH + 1)))), 'over.json');
    expect(over.ok).toBe(false);
  });
});
