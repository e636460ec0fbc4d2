import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../server/domain/analysis/report.js';
import type { Report } from '../../../server/domain/analysis/types.js';
import { rawColumns } from '../../../server/domain/exports/codebook.js';
import { SHEETS, SUPPRESSED, sheetName, workbookBuffer, writeWorkbook, type RatesInput } from '../../../server/domain/exports/xlsx.js';
import { PassThrough } from 'node:stream';
import type { Values } from '../../../server/domain/questionnaire/variables.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../helpers/miniStappenmeter.js';

const q = fixtureQuestionnaire();
const responses = fixtureResponses(40);
const rows: Values[] = responses.map((r, i) => ({ ...r, response_id: `r${String(i).padStart(3, '0')}` }));
const columns = rawColumns(q, { anonymous: true });

const rates: RatesInput = {
  invited: 90,
  ineligible: 5,
  eligible: 85,
  completePersons: 38,
  partialPersons: 3,
  responses: 40,
  rr1: 38 / 85,
  rr2: 41 / 85,
  formulas: { rr1: 'RR1 = volledig / (uitgenodigd − niet tot de doelgroep)', rr2: 'RR2 = …', invited: 'uitgenodigd = alle personen op de lijst' },
  dispositions: [{ disposition: 'complete', label: 'Volledig', aapor: '1.1', persons: 38 }],
  breakdowns: [
    {
      attribute: 'organisatie',
      cells: [
        { value: 'Politie', invited: 40, ineligible: 2, eligible: 38, suppressed: false, complete: 20, rr1: 20 / 38 },
        { value: 'OM', invited: 3, ineligible: 0, eligible: 3, suppressed: true, complete: null, rr1: null },
      ],
    },
  ],
  suppression: { applied: true, rule: 'Kleine groepen worden niet getoond.' },
  rounds: [{ kind: 'invitation', round: 0, date: '2026-11-02', sent: 90 }],
  daily: [
    { date: '2026-11-02', responses: 25, cumulative: 25, marks: [{ kind: 'invitation', round: 0 }] },
    { date: '2026-11-03', responses: 15, cumulative: 40, marks: [] },
  ],
};

/** Each row's cells as text: numbers as stored, a suppressed value as "–" with its mark ("–a"). */
function texts(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow((row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => cells.push(typeof cell.value === 'number' ? String(cell.value) : cell.text));
    out.push(cells);
  });
  return out;
}

/** The cell of a sheet's row under the header `label` (the header row is row 2 of a results sheet). */
function under(ws: ExcelJS.Worksheet, row: number, label: string): ExcelJS.Cell {
  const header = (ws.getRow(2).values as ExcelJS.CellValue[]).indexOf(label);
  if (header < 1) throw new Error(`no column "${label}"`);
  return ws.getRow(row).getCell(header);
}

describe('XLSX workbook', () => {
  let report: Report;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    report = analyze(q, responses, { by: ['overlegvorm', 'Q3'], minCellSize: 10 });
    const buffer = await workbookBuffer({ questionnaire: q, report, raw: { columns, rows }, rates, title: 'Testronde' });
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  });

  it('has the raw data, variables, rates, reliability, items, one sheet per breakdown and the frequency tables', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Ruwe data',
      'Variabelen',
      'Respons',
      'Betrouwbaarheid',
      'Items',
      'Verdeling',
      'Per overlegvorm',
      'Per functie',
      'Frequenties',
      'Itemfrequenties',
    ]);
  });

  it('writes raw data with a frozen header row of codes, numbers as numbers and formula-like text neutralised', () => {
    const ws = wb.getWorksheet(SHEETS.raw)!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 1 });
    expect((ws.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(columns.map((c) => c.code));
    expect(ws.rowCount).toBe(41);
    const col = (code: string) => columns.findIndex((c) => c.code === code) + 1;
    rows.forEach((r, i) => {
      const row = ws.getRow(i + 2);
      expect(row.getCell(col('response_id')).value).toBe(r.response_id);
      expect(row.getCell(col('Q6_1')).value).toBe(r.Q6_1 ?? null);
      expect(row.getCell(col('Q17_2')).value).toBe(r.Q17_2 ?? null);
      expect(row.getCell(col('Q40')).value).toBe(r.Q40 ?? null);
    });
    const otherTexts = rows.map((_, i) => ws.getRow(i + 2).getCell(col('Q8_other')).value).filter((v) => typeof v === 'string') as string[];
    expect(otherTexts.length).toBeGreaterThan(0);
    expect(otherTexts.every((t) => !/^[=+\-@]/.test(t))).toBe(true);
    expect(otherTexts.some((t) => t.startsWith("'"))).toBe(true);
    expect(columns.map((c) => c.code)).not.toContain('Q30');
  });

  it('writes the raw data cells unstyled under a bold header (the cells share one style object)', () => {
    const ws = wb.getWorksheet(SHEETS.raw)!;
    expect(ws.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    for (let r = 2; r <= ws.rowCount; r++) {
      ws.getRow(r).eachCell((cell) => {
        expect(cell.font).toBeUndefined();
        expect(cell.numFmt).toBeUndefined();
        expect(cell.border).toBeUndefined();
      });
    }
  });

  it('lists the variables with labels, value labels and missing codes', () => {
    const t = texts(wb.getWorksheet(SHEETS.variables)!);
    expect(t[0]!.slice(0, 4)).toEqual(['variabele', 'vraag', 'vraagtekst', 'label']);
    const q17 = t.find((r) => r[0] === 'Q17_1')!;
    expect(q17).toContain('5');
    expect(q17).toContain('1=helemaal niet; 2=enigszins; 3=grotendeels; 4=volledig; 5=geen oordeel');
  });

  it('shows reliability per aspect in the shape of Tabel B1.1', () => {
    const ws = wb.getWorksheet(SHEETS.reliability)!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    // numbered as the results page shows the tables: scores first, then the distributions, then reliability
    expect(String(ws.getCell('A1').value)).toBe('Testronde: Tabel 4. Betrouwbaarheid per aspect (Cronbachs alfa, vgl. Tabel B1.1)');
    expect((ws.getRow(2).values as ExcelJS.CellValue[]).slice(1, 6)).toEqual(['Aspect', 'Cronbachs alfa', '95%-interval', 'Aantal items (k)', 'n']);
    report.scales.forEach((s, i) => {
      const row = 3 + i;
      expect(ws.getRow(row).getCell(1).value).toBe(s.label);
      expect(under(ws, row, 'Aantal items (k)').value).toBe(s.k);
      expect(under(ws, row, 'n').value).toBe(s.n);
      expect(under(ws, row, 'Cronbachs alfa').value).toBe(s.alpha);
      expect(under(ws, row, 'Cronbachs alfa').numFmt).toBe('#,##0.00');
      expect(under(ws, row, '95%-interval ondergrens').value).toBe(s.ci95?.[0] ?? null);
      expect(under(ws, row, 'Alfa uit correlaties').value).toBe(s.standardizedAlpha);
    });
  });

  it('shows item descriptives grouped by aspect in the shape of Tabel B1.2', () => {
    const t = texts(wb.getWorksheet(SHEETS.items)!);
    const ws = wb.getWorksheet(SHEETS.items)!;
    expect(t.findIndex((r) => r[0] === 'Informatiedeling')).toBeLessThan(t.findIndex((r) => r[0] === 'Q17_1'));
    for (const item of report.items) {
      const rowIndex = t.findIndex((r) => r[0] === item.code) + 1;
      const row = ws.getRow(rowIndex);
      expect(row.getCell(3).value).toBe(item.n);
      expect(row.getCell(5).value).toBe(item.max);
      expect(row.getCell(6).value).toBe(item.mean);
      expect(row.getCell(7).value).toBe(item.sd);
      expect(row.getCell(8).value).toBe(item.missing.declared);
    }
    // geen oordeel (5) is never a scale point: the maximum of Q17 stays within 1-4
    expect(report.items.filter((i) => i.code.startsWith('Q17')).every((i) => i.max !== null && i.max <= 4)).toBe(true);
  });

  it('never shows the values of suppressed breakdown cells', () => {
    const ws = wb.getWorksheet('Per functie')!;
    const breakdown = report.breakdowns.find((b) => b.question === 'Q3')!;
    const suppressed = breakdown.cells.filter((c) => c.suppressed);
    expect(suppressed.length).toBeGreaterThan(0);
    const t = texts(ws);
    // as on the results page: groups without respondents are left out; hidden means hidden everywhere, the n of a suppressed group too
    const totaal = t.findIndex((r) => r[0] === 'Totaal');
    expect(t.slice(3, totaal).map((r) => r[0])).toEqual(breakdown.cells.filter((c) => c.n > 0).map((c) => c.value));
    for (const cell of breakdown.cells.filter((c) => c.n > 0)) {
      const row = t.find((r) => r[0] === cell.value)!;
      const mark = cell.suppression === 'small' ? 'a' : 'b';
      expect(row[1]).toBe(cell.suppressed ? `${SUPPRESSED}${mark}` : String(cell.n));
      if (cell.suppressed) {
        expect(row.slice(2)).toEqual(Array(report.scales.length + 1).fill(`${SUPPRESSED}${mark}`));
        expect(t.some((r) => r[0]!.startsWith(`${mark} – niet getoond`))).toBe(true);
      }
    }
    expect(t.find((r) => r[0] === 'Totaal')![1]).toBe(String(breakdown.total.n));
  });

  it('has frequency tables with a Totaal row, and the response rates', () => {
    const t = texts(wb.getWorksheet(SHEETS.frequencies)!);
    const q2 = report.questions.find((x) => x.code === 'Q2')!;
    const title = t.findIndex((r) => r[0]!.endsWith('(Q2)'));
    expect(t[title + 1]).toEqual(['Antwoord', 'Code', 'Aantal', '%', 'Geldig %']);
    expect(q2.type).toBe('single');
    expect(t.slice(title + 2).find((r) => r[0] === 'Totaal')![2]).toBe(String('total' in q2 ? q2.total : NaN));
    const r = texts(wb.getWorksheet(SHEETS.rates)!);
    expect(r.find((x) => x[0] === 'Respons RR1')![1]).toBe(String(38 / 85));
    expect(r.find((x) => x[0] === 'OM')!.slice(1)).toEqual(['3', '0', '3', `${SUPPRESSED}a`, `${SUPPRESSED}a`]);
    expect(r.find((x) => x[0] === 'Ingevulde vragenlijsten per verzending')).toBeDefined();
  });

  it('leaves the raw data out with the reason when it is withheld', async () => {
    const buffer = await workbookBuffer({ questionnaire: q, report, raw: { withheld: 'Te weinig responses.' } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(buffer as unknown as ArrayBuffer);
    expect(book.getWorksheet(SHEETS.raw)!.getCell('A1').value).toBe('Te weinig responses.');
    expect(book.getWorksheet(SHEETS.rates)).toBeUndefined();
  });
});

describe('sheetName', () => {
  it('keeps names within 31 characters, without forbidden characters, unique', () => {
    const taken = new Set<string>();
    expect(sheetName('Per aantal maal aanwezig in de afgelopen 3 maanden', taken)).toBe('Per aantal maal aanwezig in de');
    expect(sheetName('Per aantal maal aanwezig in de afgelopen 3 maanden', taken)).toBe('Per aantal maal aanwezig in d 2');
    expect(sheetName('Per functie/rol [x]', taken)).toBe('Per functie rol x');
  });
});

describe('XLSX raw data of a large wave', () => {
  it('loses no row while the writing waits for the compressor', async () => {
    // (that it waits at all: the next test, where nobody reads the output and the writing stalls)
    const report = analyze(q, responses, { minCellSize: 10 });
    const many: Values[] = Array.from({ length: 80_000 }, (_, i) => ({ ...rows[i % rows.length], response_id: `m${i}` }));
    const buffer = await workbookBuffer({ questionnaire: q, report, raw: { columns, rows: many }, title: 'Groot' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(SHEETS.raw)!;
    expect(ws.rowCount).toBe(80_001);
    const id = columns.findIndex((c) => c.code === 'response_id') + 1;
    expect(ws.getRow(80_001).getCell(id).value).toBe('m79999');
    expect(ws.getRow(40_002).getCell(id).value).toBe('m40000');
  }, 60_000);
});

describe('XLSX workbook nobody reads any more', () => {
  it('waits for the compressor instead of holding the sheet uncompressed, and stops when its output is destroyed', async () => {
    const report = analyze(q, responses, { minCellSize: 10 });
    let yielded = 0;
    function* many(): Generator<Values> {
      for (let i = 0; i < 200_000; i++) {
        yielded++;
        yield { ...rows[i % rows.length]!, response_id: `m${i}` };
      }
    }
    // a download whose browser stopped reading: the output is never read, so the compressor fills and
    // the writing comes to wait (written in one go, as exceljs would, all 200,000 rows were taken at
    // once and their XML held uncompressed: some 170 MB for the benchmark's 100,000-row wave); then
    // the output is destroyed
    const output = new PassThrough();
    const writing = writeWorkbook({ questionnaire: q, report, raw: { columns, rows: many() }, title: 'Afgebroken' }, output);
    let before = -1;
    for (let tries = 0; tries < 40 && yielded !== before; tries++) {
      before = yielded;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(yielded).toBe(before);
    expect(before).toBeLessThan(200_000);
    output.destroy();
    await expect(writing).rejects.toThrow('no longer read');
    expect(yielded).toBeLessThan(before + 100);
  }, 60_000);
});
