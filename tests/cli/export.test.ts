import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appEnvironment, cli, useCliEnvironment } from '../helpers/cli.js';
import type { Wave } from '../../server/db/database.js';
import { loadWaveResponses } from '../../server/db/repositories/results.js';
import { analyze } from '../../server/domain/analysis/report.js';
import { readResponsesCsv, unescapeText } from '../../server/domain/exports/responsesCsv.js';
import type { Values } from '../../server/domain/questionnaire/variables.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { afterFieldwork, makeInvitee, makeWave } from '../helpers/factories.js';
import { fixtureInput, fixtureQuestionnaire, fixtureResponses } from '../helpers/miniStappenmeter.js';
import { questionnaireFolder } from '../helpers/questionnaire.js';

const q = fixtureQuestionnaire();
let t: TestApp;
let out: string;

/** Store responses as the respondent side does: random ids, a date, one answer row per variable. */
async function storeResponses(wave: Wave, responses: Values[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, values] of responses.entries()) {
    const id = randomBytes(16).toString('base64url');
    ids.push(id);
    await t.app.db
      .insertInto('responses')
      .values({ id, wave_id: wave.id, invitation_id: null, participant_id: null, submitted_on: `2026-11-${String(10 + (i % 10))}`, submitted_at: null, complete: i % 5 === 4 ? 0 : 1 })
      .execute();
    const answers = Object.entries(values)
      .filter(([, v]) => v !== null)
      .map(([variable, v]) => ({ response_id: id, variable, num: typeof v === 'number' ? v : null, txt: typeof v === 'string' ? v : null }));
    if (answers.length) await t.app.db.insertInto('answers').values(answers).execute();
  }
  return ids;
}

let named: Wave;
let anonymous: Wave;
let small: Wave;
let namedIds: string[];
const namedResponses = fixtureResponses(24, 1);
const anonymousResponses = fixtureResponses(12, 2);

beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRES_DIR: questionnaireFolder([fixtureInput]) });
  out = mkdtempSync(join(tmpdir(), 'vhexport-'));
  named = await makeWave(t.app, 'stappenmeter-test', { anonymous: 0, title: 'Ronde 2026' });
  // closed: an anonymous wave's respondent-level data are exported only after fieldwork
  anonymous = await makeWave(t.app, 'stappenmeter-test', { anonymous: 1, ...afterFieldwork(t.app) });
  small = await makeWave(t.app, 'stappenmeter-test', { anonymous: 1, min_cell_size: 5, ...afterFieldwork(t.app) });
  namedIds = await storeResponses(named, namedResponses);
  await storeResponses(anonymous, anonymousResponses);
  await storeResponses(small, fixtureResponses(3, 3));
  for (let i = 0; i < 30; i++) await makeInvitee(t.app, named, { attributes: { organisatie: i % 2 ? 'Politie' : 'Gemeente' } });
  // the exports work from each wave's questionnaire snapshot, not from the file
  rmSync(t.config.questionnairesDir, { recursive: true, force: true });
});
useCliEnvironment(() => ({ ...appEnvironment(t), BASE_URL: 'https://enquete.example.nl' }), 'all');

afterAll(async () => {
  await t.close();
  rmSync(out, { recursive: true, force: true });
});

describe('export --format csv', () => {
  it('writes one row per response in random-id order, which analyze reads back to the same report', async () => {
    const file = join(out, 'named.csv');
    const res = await cli('export', '--wave', named.id, '--format', 'csv', '--out', file, '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ file, format: 'csv', rows: 24 });
    const text = readFileSync(file, 'utf8');
    const records = parse(text) as string[][];
    expect(records[0]!.slice(0, 4)).toEqual(['response_id', 'submitted_on', 'volledig', 'Q2']);
    expect(records[0]).not.toContain('Q30');
    // every fifth stored response was partial (AAPOR 1.2): the volledig column says so, row by row
    const partial = new Set(namedIds.filter((_, i) => i % 5 === 4));
    expect(records.slice(1).map((r) => [unescapeText(r[0]!), r[2]])).toEqual([...namedIds].sort().map((id) => [id, partial.has(id) ? '0' : '1']));
    // a base64url id may start with "-": the CSV then carries it with the formula-guard apostrophe
    const ids = records.slice(1).map((r) => unescapeText(r[0]!));
    expect(ids).toEqual([...namedIds].sort());
    expect(text).not.toContain('@example.test');
    const back = readResponsesCsv(q, text);
    expect(back.warnings).toEqual([]);
    // the platform's report is computed from the stored responses, loaded in the same id order
    const stored = await loadWaveResponses(t.app.db, named.id);
    expect(stored.ids).toEqual(ids);
    const inserted = new Map(namedIds.map((id, i) => [id, namedResponses[i]]));
    stored.ids.forEach((id, i) => expect(stored.responses[i]).toEqual(inserted.get(id)));
    expect(stored.submittedOn.every((d) => /^2026-11-1\d$/.test(d))).toBe(true);
    expect(analyze(q, back.responses, { minCellSize: 5 })).toEqual(analyze(q, stored.responses, { minCellSize: 5 }));
  });

  it('has no date column in an anonymous wave', async () => {
    const file = join(out, 'anonymous.csv');
    expect((await cli('export', '--wave', anonymous.id, '--format', 'csv', '--out', file)).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]!.startsWith('response_id,volledig,Q2,')).toBe(true);
    expect(text).not.toMatch(/2026-11-/);
  });

  it('refuses the raw data of an anonymous wave with fewer responses than its minimum cell size', async () => {
    const file = join(out, 'small.csv');
    const res = await cli('export', '--wave', small.id, '--format', 'csv', '--out', file);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Raw data withheld: anonymous wave .* has 3 responses, fewer than its minimum cell size of 5/);
    expect(existsSync(file)).toBe(false);
    for (const [format, name] of [['sps', 'small-spss.zip'], ['r', 'small.R'], ['csv-excel', 'small-excel.csv']]) {
      const res = await cli('export', '--wave', small.id, '--format', format!, '--out', join(out, name!));
      expect(res.code, format).toBe(1);
      expect(existsSync(join(out, name!))).toBe(false);
    }
    expect(existsSync(join(out, 'small.csv'))).toBe(false);
  });
});

describe('export --format sps', () => {
  it('writes one zip with the syntax, the CSV it reads and a LEESMIJ', async () => {
    const file = join(out, 'ronde.zip');
    const res = await cli('export', '--wave', named.id, '--format', 'sps', '--out', file, '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ file, format: 'sps', rows: 24 });
    const zip = await JSZip.loadAsync(readFileSync(file));
    expect(Object.keys(zip.files).sort()).toEqual(['LEESMIJ.txt', 'ronde.csv', 'ronde.sps']);
    const syntax = await zip.file('ronde.sps')!.async('string');
    expect(syntax).toContain("/FILE='ronde.csv'");
    expect(syntax).toContain('Ronde 2026');
    expect((await zip.file('ronde.csv')!.async('string')).split('\n').length).toBe(26);
    expect(await zip.file('LEESMIJ.txt')!.async('string')).toContain('Pak de zip uit in een map');
  });
});

describe('export --format r and csv-excel', () => {
  it('writes the R script and, beside it, the CSV it reads', async () => {
    const file = join(out, 'ronde.R');
    const res = await cli('export', '--wave', named.id, '--format', 'r', '--out', file, '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ file, format: 'r', rows: 24, csv: join(out, 'ronde.csv') });
    expect(readFileSync(file, 'utf8')).toContain('pad <- "ronde.csv"');
    expect(readFileSync(join(out, 'ronde.csv'), 'utf8').split('\n').length).toBe(26);
  });

  it('writes the raw data for a Dutch Excel: byte-order mark, semicolons', async () => {
    const file = join(out, 'excel.csv');
    const res = await cli('export', '--wave', named.id, '--format', 'csv-excel', '--out', file, '--json');
    expect(JSON.parse(res.stdout)).toEqual({ file, format: 'csv-excel', rows: 24 });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).startsWith('response_id;submitted_on;volledig;Q2;')).toBe(true);
  });
});

describe('export --format codebook', () => {
  it('writes one row per export column', async () => {
    const file = join(out, 'codebook.csv');
    const res = await cli('export', '--wave', anonymous.id, '--format', 'codebook', '--out', file, '--json');
    expect(res.code).toBe(0);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(JSON.parse(res.stdout)).toEqual({ file, format: 'codebook', rows: rows.length });
    expect(rows.map((r) => r.variabele)).toEqual(['response_id', 'volledig', ...q.variables.filter((v) => v.code !== 'Q30').map((v) => v.code)]);
  });
});

describe('export --format xlsx', () => {
  async function sheets(file: string): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    return wb;
  }

  it('writes raw data, response rates and the results tables', async () => {
    const file = join(out, 'named.xlsx');
    const res = await cli('export', '--wave', named.id, '--format', 'xlsx', '--out', file, '--json');
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toEqual({ file, format: 'xlsx', rows: 24 });
    const wb = await sheets(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Ruwe data',
      'Variabelen',
      'Samenvatting',
      'Respons',
      'Betrouwbaarheid',
      'Items',
      'Verdeling',
      'Per overlegvorm',
      'Frequenties',
      'Itemfrequenties',
      'Open antwoorden',
    ]);
    expect(wb.getWorksheet('Ruwe data')!.rowCount).toBe(25);
    expect(wb.getWorksheet('Respons')!.getCell('B3').value).toBe(30);
  });

  it('leaves out the raw data and the tables of a small anonymous wave, saying "onderdrukt" and why (never Aantal 0)', async () => {
    const file = join(out, 'small.xlsx');
    const res = await cli('export', '--wave', small.id, '--format', 'xlsx', '--out', file, '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).rows).toBe(0);
    const wb = await sheets(file);
    expect(String(wb.getWorksheet('Ruwe data')!.getCell('A1').value)).toMatch(/^De ruwe data en de open antwoorden zijn niet opgenomen: deze anonieme ronde heeft 3 ingevulde vragenlijsten/);
    expect(wb.getWorksheet('Open antwoorden')).toBeUndefined();
    expect(wb.getWorksheet('Items')).toBeUndefined();
    expect(wb.getWorksheet('Respons')).toBeUndefined();
    const withheld = wb.getWorksheet('Resultaten')!;
    expect(String(withheld.getCell('A2').value)).toMatch(/^Onderdrukt\. De resultaten worden niet getoond: deze anonieme ronde heeft 3 ingevulde vragenlijsten, minder dan de minimale celgrootte van 5/);
    const every = wb.worksheets.flatMap((ws) => ws.getSheetValues().flatMap((r) => (Array.isArray(r) ? r.map(String) : [])));
    expect(every.some((v) => /Aantal 0|n = 0/.test(v))).toBe(false);
  });
});

describe('export arguments', () => {
  it('needs a known wave and format', async () => {
    expect((await cli('export', '--wave', 'nope', '--format', 'csv', '--out', join(out, 'x.csv'))).stderr).toMatch(/No wave with id nope/);
    const bad = await cli('export', '--wave', named.id, '--format', 'pdf', '--out', join(out, 'x.pdf'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unknown format "pdf"/);
    expect((await cli('export', '--wave', named.id)).code).toBe(2);
  });
});
