/**
 * Bad input in files, property-based with fixed seeds: questionnaire files (valid ones mutated at
 * random paths, cut short, garbled) through parseQuestionnaire, and participant lists (random bytes,
 * odd encodings, broken quotes, bad and duplicate addresses) through the import code and the
 * `participants import` command. Nothing throws; every fault names its place; a rejected import
 * writes nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { isValidEmail, parseParticipantsCsv } from '../../server/domain/fieldwork/participantsCsv.js';
import { formatFault, parseQuestionnaire } from '../../server/domain/questionnaire/load.js';
import { firstFault } from '../../server/domain/respondent/pages.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { proefInput, questionnaireDir } from '../helpers/proefQuestionnaire.js';
import { TableDigest } from '../helpers/databaseFile.js';
import { appEnvironment, cli, useCliEnvironment } from '../helpers/cli.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const sources: Json[] = [
  proefInput as unknown as Json,
  JSON.parse(readFileSync(join(projectRoot, 'questionnaires/stappenmeter-doelbereik.json'), 'utf8')) as Json,
  JSON.parse(readFileSync(join(projectRoot, 'questionnaires/breedtescan-ketenmanagers.json'), 'utf8')) as Json,
];

/** Every path to a value inside a JSON document. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

type Mutation = { kind: 'delete' | 'replace' | 'duplicate' | 'stringify' | 'huge' | 'swap'; at: number; other: number; value: Json };

function mutate(doc: Json, m: Mutation): Json {
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[m.at % all.length]!;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key as string]!, copy) as Record<string | number, Json> | Json[];
  const key = path.at(-1)!;
  const current = (parent as Record<string | number, Json>)[key]!;
  switch (m.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, Json>)[key as string];
      break;
    case 'replace':
      (parent as Record<string | number, Json>)[key] = m.value;
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(current));
      else (parent as Record<string, Json>)[`${String(key)}_kopie`] = structuredClone(current);
      break;
    case 'stringify':
      (parent as Record<string | number, Json>)[key] = typeof current === 'string' ? Number(current.length) : JSON.stringify(current);
      break;
    case 'huge':
      (parent as Record<string | number, Json>)[key] = typeof current === 'number' ? 1e308 : 'x'.repeat(100_000);
      break;
    case 'swap': {
      const otherPath = all[m.other % all.length]!;
      const otherValue = otherPath.reduce<Json>((node, k) => (node as Record<string, Json>)?.[k as string] ?? null, copy);
      (parent as Record<string | number, Json>)[key] = structuredClone(otherValue);
      break;
    }
  }
  return copy;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'duplicate', 'stringify', 'huge', 'swap'),
  at: fc.nat(),
  other: fc.nat(),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, fc.constantFrom<Json>(null, '', -1, 0, 1.5, 1e9, 'Q1', 'Q1_1', [], {}, true, '__proto__')),
});

const questionnaireText = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat({ max: sources.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 })).map(([i, ms]) => JSON.stringify(ms.reduce(mutate, sources[i]!))) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: sources.length - 1 }), fc.nat()).map(([i, cut]) => { const s = JSON.stringify(sources[i]); return s.slice(0, cut % s.length); }) },
  { weight: 1, arbitrary: fc.tuple(fc.nat({ max: sources.length - 1 }), fc.nat(), fc.string({ maxLength: 3 })).map(([i, at, junk]) => { const s = JSON.stringify(sources[i]); const p = at % s.length; return s.slice(0, p) + junk + s.slice(p + 1); }) },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.json(), fc.constantFrom('', '\uFEFF{}', 'null', '[]', '{"__proto__": {"polluted": 1}}', '{"id": "x", "pages": "geen"}')) },
);

describe('questionnaire files', () => {
  it('parseQuestionnaire never throws on 3000 mutated, cut and garbled files, and every fault names its file and place', () => {
    let rejected = 0;
    fc.assert(
      fc.property(questionnaireText, (text) => {
        const result = parseQuestionnaire(text, 'vragenlijst.json');
        if (result.ok) {
          expect(result.questionnaire.variables.length).toBeGreaterThan(0);
          // an accepted file is usable: routing and validation of an empty response work
          expect(() => firstFault(result.questionnaire, {})).not.toThrow();
          return;
        }
        rejected += 1;
        expect(result.faults.length).toBeGreaterThan(0);
        for (const f of result.faults) {
          expect(f.file).toBe('vragenlijst.json');
          expect(typeof f.path).toBe('string');
          expect(f.message.trim()).not.toBe('');
          expect(formatFault(f)).toMatch(/^vragenlijst\.json: /);
        }
      }),
      { seed: 7, numRuns: 3000 },
    );
    expect(rejected).toBeGreaterThan(1500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const addressArb = fc.oneof(
  fc.emailAddress(),
  fc.constantFrom('', ' ', 'geen', 'a@', '@b.nl', 'a@b', 'a@@b.nl', 'A@B.NL', 'a@b.nl', ' a@b.nl ', '"a b"@c.nl', 'a@b.nl;c@d.nl', 'x'.repeat(300) + '@b.nl', 'jan@éxample.nl'),
);
const cellArb = fc.oneof(fc.string({ maxLength: 15 }), fc.constantFrom('"', '""', '"open', 'a"b', '\n', '\r', 'x'.repeat(501), '=1+1', 'Gemeente', 'Politie'));
const csvArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        header: fc.constantFrom(['email', 'naam', 'organisatie'], ['E-mail', 'Naam'], ['emailadres'], ['naam', 'organisatie'], ['email', 'email'], ['email', '', 'x'], ['Email', 'Organisatie', 'organisatie'], []),
        rows: fc.array(fc.tuple(addressArb, cellArb, cellArb, fc.option(cellArb)), { maxLength: 15 }),
        delimiter: fc.constantFrom(',', ';', '\t'),
        eol: fc.constantFrom('\n', '\r\n', '\r'),
        bom: fc.boolean(),
        encoding: fc.constantFrom<BufferEncoding>('utf8', 'latin1', 'utf16le'),
      })
      .map(({ header, rows, delimiter, eol, bom, encoding }) => {
        const lines = [header.join(delimiter), ...rows.map((r) => r.filter((c) => c !== null).join(delimiter))];
        const text = (bom ? '\uFEFF' : '') + lines.join(eol);
        return Buffer.from(text, encoding);
      }),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)) },
);

describe('participant lists', () => {
  it('the import code never throws on 3000 files; bad rows are reported by line, good rows are valid and unique', () => {
    const existing = new Set(['a@b.nl', 'bestaand@partner.example']);
    let rowErrors = 0;
    let fileErrors = 0;
    fc.assert(
      fc.property(csvArb, (bytes) => {
        const result = parseParticipantsCsv(bytes, existing);
        for (const m of result.fileErrors) expect(m.trim()).not.toBe('');
        if (result.fileErrors.length > 0) {
          fileErrors += 1;
          expect(result.rows).toEqual([]);
          return;
        }
        const lines = new Set<number>();
        for (const e of result.errors) {
          rowErrors += 1;
          expect(e.line).toBeGreaterThanOrEqual(2);
          expect(e.message.trim()).not.toBe('');
          expect(lines.has(e.line)).toBe(false);
          lines.add(e.line);
        }
        const emails = new Set<string>();
        for (const r of result.rows) {
          expect(isValidEmail(r.email)).toBe(true);
          expect(existing.has(r.email)).toBe(false);
          expect(emails.has(r.email)).toBe(false);
          emails.add(r.email);
          expect(lines.has(r.line)).toBe(false);
          lines.add(r.line);
          expect(r.name === null || r.name.length <= 500).toBe(true);
          for (const v of Object.values(r.attributes)) expect(v.length).toBeLessThanOrEqual(500);
        }
      }),
      { seed: 11, numRuns: 3000 },
    );
    expect(rowErrors).toBeGreaterThan(500);
    expect(fileErrors).toBeGreaterThan(100);
  });

  describe('through `participants import`', () => {
    let t: TestApp;
    let digest: TableDigest;
    let waveId: string;
    beforeAll(async () => {
      t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireDir() });
      const wave = await makeWave(t.app, 'proef');
      waveId = wave.id;
      await makeInvitee(t.app, wave, { email: 'a@b.nl' });
      digest = new TableDigest(t.config.databaseFile);
    });
    useCliEnvironment(() => appEnvironment(t), 'all');
    afterAll(async () => {
      digest?.close();
      await t?.close();
    });

    it('writes nothing when it refuses a file, and explains why', async () => {
      const file = join(t.dir, 'deelnemers.csv');
      let refused = 0;
      let imported = 0;
      await fc.assert(
        fc.asyncProperty(csvArb, async (bytes) => {
          writeFileSync(file, bytes);
          const before = digest.all();
          const { code, stdout, stderr } = await cli('participants', 'import', '--wave', waveId, file);
          expect([0, 1]).toContain(code);
          if (code === 0) {
            imported += 1;
            return;
          }
          refused += 1;
          expect(`${stdout}${stderr}`.trim()).not.toBe('');
          expect(digest.all()).toBe(before);
        }),
        { seed: 13, numRuns: 150 },
      );
      expect(refused).toBeGreaterThan(50);
      expect(imported).toBeGreaterThan(0);
    });
  });
});
