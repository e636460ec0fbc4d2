/**
 * The .sps file run by GNU PSPP gives the platform's item statistics: the raw CSV export plus its syntax
 * are run with `pspp` (installed here and in CI; the test fails, never skips, without it), and the
 * MEANS output is compared with analyze() to 1e-6. The Q17 items have "geen oordeel" (5) answers, so
 * equal means prove that SPSS/PSPP treat them as missing, as the platform does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { Report } from '../../../server/domain/analysis/types.js';
import { rawColumns, rawRows } from '../../../server/domain/exports/codebook.js';
import { readResponsesCsv, writeResponsesCsv } from '../../../server/domain/exports/responsesCsv.js';
import { spssSyntax } from '../../../server/domain/exports/spss.js';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../helpers/miniStappenmeter.js';
import { loadQuestionnaire } from '../../helpers/questionnaire.js';
import { indexOf } from '../../../server/domain/questionnaire/normalize.js';

const q = fixtureQuestionnaire();
const responses = fixtureResponses(60);
const ids = responses.map((_, i) => `id${((i * 7919) % 1000).toString(36).padStart(3, '0')}`);
const submittedOn = responses.map((_, i) => `2014-11-${String(15 + (i % 15)).padStart(2, '0')}`);
const columns = rawColumns(q, { anonymous: false });
const rows = rawRows(columns, { ids, responses, submittedOn }, { singleLine: true });
const csv = writeResponsesCsv(q, rows, { columns });
const NUMERIC = ['Q6_1', 'Q6_2', 'Q6_3', 'Q17_1', 'Q17_2', 'Q40'];

/** The sections of PSPP's CSV output, by table title. */
function tables(output: string): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const block of output.split(/\n\s*\n/)) {
    const match = /^Table: (.*)\n([\s\S]*)$/.exec(block.trim());
    if (match) out.set(match[1]!, parse(match[2]!, { relax_column_count: true }) as string[][]);
  }
  return out;
}

describe('SPSS syntax run by GNU PSPP', () => {
  let dir: string;
  let output: string;
  let report: Report;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vhpspp-'));
    writeFileSync(join(dir, 'ronde.csv'), csv);
    writeFileSync(join(dir, 'ronde.sps'), spssSyntax(q, { csvFile: 'ronde.csv', columns, rows, description: 'Testronde' }));
    // test-only wrapper: the export's syntax, then statistics printed with enough decimals to compare
    writeFileSync(
      join(dir, 'wrapper.sps'),
      [
        "INCLUDE FILE='ronde.sps'.",
        'DISPLAY DICTIONARY.',
        'LIST VARIABLES=response_id submitted_on Q2_other Q8_other Q50.',
        `FORMATS ${NUMERIC.join(' ')} (F20.12).`,
        `MEANS TABLES=${NUMERIC.join(' ')} /CELLS=MEAN COUNT STDDEV.`,
        '',
      ].join('\n'),
    );
    execFileSync('pspp', ['-O', 'format=csv', '-o', 'out.csv', 'wrapper.sps'], { cwd: dir, stdio: 'pipe' });
    output = readFileSync(join(dir, 'out.csv'), 'utf8');
    report = analyze(q, responses);
  });

  afterAll(() => {
    if (dir && !process.env.KEEP_PSPP) rmSync(dir, { recursive: true, force: true });
  });

  it('runs without warnings or errors', () => {
    expect(output).not.toMatch(/warning|error/i);
  });

  it('gives the platform item means, SDs and n, geen oordeel (5) and weet niet (999) being missing', () => {
    const [title, body] = [...tables(output)].find(([t]) => t.startsWith('Q6_1'))!;
    expect(title).toBe(NUMERIC.join(' * '));
    // the columns are the variables in TABLES order (headed by their labels)
    const row = (name: string) => body.find((r) => r[0] === name)!;
    const declared = report.items.filter((i) => i.code.startsWith('Q17')).map((i) => i.missing.declared);
    expect(declared.every((d) => d > 0)).toBe(true);
    for (const item of report.items) {
      const col = NUMERIC.indexOf(item.code) + 1;
      expect(col, item.code).toBeGreaterThan(0);
      expect(Number(row('N')[col])).toBe(item.n);
      expect(Number(row('Mean')[col])).toBeCloseTo(item.mean!, 6);
      expect(Number(row('Std. Deviation')[col])).toBeCloseTo(item.sd!, 6);
    }
    const q40 = report.questions.find((x) => x.code === 'Q40')!;
    if (q40.type !== 'number') throw new Error('Q40 is a number question');
    const col = NUMERIC.indexOf('Q40') + 1;
    expect(q40.declared[0]!.count).toBeGreaterThan(0);
    expect(Number(row('N')[col])).toBe(q40.n);
    expect(Number(row('Mean')[col])).toBeCloseTo(q40.mean!, 6);
    expect(Number(row('Std. Deviation')[col])).toBeCloseTo(q40.sd!, 6);
  });

  it('reads texts with quotes, commas, line breaks and formula-like starts intact (line breaks as spaces)', () => {
    const list = tables(output).get('Data List')!;
    expect(list[0]).toEqual(['response_id', 'submitted_on', 'Q2_other', 'Q8_other', 'Q50']);
    expect(list.length - 1).toBe(responses.length);
    const byId = new Map(list.slice(1).map((r) => [r[0]!, r]));
    const text = (v: Values[string] | undefined) => (typeof v === 'string' ? v.replace(/\n/g, ' ') : '');
    const safe = (t: string) => (/^[=+\-@]/.test(t) ? `'${t}` : t);
    responses.forEach((r, i) => {
      const got = byId.get(ids[i]!)!;
      expect(got[1]).toBe(submittedOn[i]!.replace(/-/g, '/'));
      expect(got.slice(2)).toEqual([safe(text(r.Q2_other)), safe(text(r.Q8_other)), safe(text(r.Q50))]);
    });
    expect(responses.some((r) => typeof r.Q50 === 'string' && r.Q50.includes('\n'))).toBe(true);
  });

  it('sets labels, value labels, missing values and levels', () => {
    const dictionary = tables(output).get('Variables')!;
    const variable = (name: string) => {
      const header = dictionary[0]!;
      const row = dictionary.find((r) => r[0] === name)!;
      return Object.fromEntries(header.map((h, i) => [h, row[i]]));
    };
    expect(variable('Q6_2')).toMatchObject({ Label: "Er is een gedeelde definitie van 'succes' per casus", 'Measurement Level': 'Ordinal' });
    expect(variable('Q6_3').Label).toBe('De "juiste" partners zitten aan tafel');
    expect(variable('Q17_1')['Missing Values']).toBe('5');
    expect(variable('Q40')).toMatchObject({ 'Missing Values': '999', 'Measurement Level': 'Scale' });
    expect(variable('Q2')['Measurement Level']).toBe('Nominal');
    const labels = tables(output).get('Value Labels')!.map((r) => r.join('|'));
    expect(labels).toContain('|5[a]|geen oordeel');
    expect(labels).toContain("|3|OM / 'reclassering'");
  });

  it('reads back into analyze() with the same report as the stored responses', () => {
    const back = readResponsesCsv(q, csv);
    expect(back.warnings).toEqual([]);
    expect(analyze(q, back.responses)).toEqual(report);
  });
});

describe('SPSS syntax of the shipped questionnaires', () => {
  const dir = join(process.cwd(), 'questionnaires');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))) {
    it(`runs in PSPP without warnings: ${file}`, () => {
      const questionnaire = loadQuestionnaire(join(dir, file));
      const cols = rawColumns(questionnaire, { anonymous: false });
      // a few rows touching every column: an answer code, a number or a text with quotes and a comma
      const data = Array.from({ length: 5 }, (_, i): Values => {
        const values: Values = {};
        for (const v of questionnaire.variables) {
          values[v.code] = v.kind === 'text' ? `Tekst ${i}, "met" 'aanhalingstekens'` : (v.valueLabels[i % Math.max(1, v.valueLabels.length)]?.value ?? i * 10);
        }
        return values;
      });
      const exportRows = rawRows(cols, { ids: data.map((_, i) => `r${i}`), responses: data, submittedOn: data.map(() => '2026-11-23') }, { singleLine: true });
      const work = mkdtempSync(join(tmpdir(), 'vhpspp-'));
      try {
        writeFileSync(join(work, 'data.csv'), writeResponsesCsv(questionnaire, exportRows, { columns: cols }));
        writeFileSync(join(work, 'data.sps'), spssSyntax(questionnaire, { csvFile: 'data.csv', columns: cols, rows: exportRows }) + 'LIST.\n');
        execFileSync('pspp', ['-O', 'format=csv', '-o', 'out.csv', 'data.sps'], { cwd: work, stdio: 'pipe' });
        const result = readFileSync(join(work, 'out.csv'), 'utf8');
        expect(result).not.toMatch(/warning|error/i);
        const list = tables(result).get('Data List')!;
        expect(list[0]).toEqual(cols.map((c) => c.code));
        expect(list.length).toBe(6);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});

describe('attendance (Q63) in the SPSS export', () => {
  it('has what each option means beside its code, at scale level, so that PSPP averages times attended, never codes', () => {
    const questionnaire = loadQuestionnaire(join(process.cwd(), 'questionnaires', 'stappenmeter-doelbereik.json'));
    const q63 = indexOf(questionnaire).question.get('Q63')!;
    if (q63.type !== 'single') throw new Error('Q63 is a single-choice question');
    const meaningOf = new Map(q63.options.map((o) => [o.value, o.meaning]));
    const cols = rawColumns(questionnaire, { anonymous: true });
    expect(cols.map((c) => c.code)).toContain('Q63_betekenis');
    expect(cols.findIndex((c) => c.code === 'Q63_betekenis')).toBe(cols.findIndex((c) => c.code === 'Q63') + 1);
    const codes = [1, 2, 5, 12, 20, 20, 3];
    const data = codes.map((c): Values => ({ Q63: c }));
    const exportRows = rawRows(cols, { ids: data.map((_, i) => `r${i}`), responses: data, submittedOn: data.map(() => '2026-11-23') }, { singleLine: true });
    const work = mkdtempSync(join(tmpdir(), 'vhpspp-'));
    try {
      writeFileSync(join(work, 'data.csv'), writeResponsesCsv(questionnaire, exportRows, { columns: cols }));
      writeFileSync(join(work, 'data.sps'), `${spssSyntax(questionnaire, { csvFile: 'data.csv', columns: cols, rows: exportRows })}DISPLAY DICTIONARY.\nFORMATS Q63_betekenis (F20.12).\nMEANS TABLES=Q63_betekenis /CELLS=MEAN COUNT.\n`);
      execFileSync('pspp', ['-O', 'format=csv', '-o', 'out.csv', 'data.sps'], { cwd: work, stdio: 'pipe' });
      const result = tables(readFileSync(join(work, 'out.csv'), 'utf8'));
      const dictionary = result.get('Variables')!;
      const level = (name: string) => dictionary.find((r) => r[0] === name)![dictionary[0]!.indexOf('Measurement Level')];
      expect([level('Q63'), level('Q63_betekenis')]).toEqual(['Nominal', 'Scale']);
      const report = result.get('Report')!;
      expect(report[0]).toEqual(['Mean', 'N']);
      const expected = codes.reduce((a, c) => a + meaningOf.get(c)!, 0) / codes.length;
      expect(Number(report[1]![0])).toBeCloseTo(expected, 9);
      // the mean of the codes would be something else
      expect(expected).not.toBeCloseTo(codes.reduce((a, c) => a + c, 0) / codes.length, 1);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
