/**
 * The raw data for Excel (`csv-excel`) open as columns when double-clicked in a Dutch Excel: read as
 * Dutch Excel reads a CSV file (tests/helpers/dutchExcel.ts), every row has every column, texts keep
 * their accents, line breaks and quotes, and numbers (decimal comma) come out as the same numbers the
 * comma-separated file holds. The comma-separated file, read the same way, lands in one column: the
 * reason this download exists.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rawColumns, rawRows } from '../../../server/domain/exports/codebook.js';
import { unescapeText, writeResponsesCsv, writeResponsesCsvForExcel } from '../../../server/domain/exports/responsesCsv.js';
import { excelValue, openAsDutchExcel } from '../../helpers/dutchExcel.js';
import { fixtureQuestionnaire, fixtureResponses } from '../../helpers/miniStappenmeter.js';

const q = fixtureQuestionnaire();
const responses = fixtureResponses(80);
const ids = responses.map((_, i) => `id${String(i).padStart(3, '0')}`);
const submittedOn = responses.map((_, i) => `2026-11-${String(10 + (i % 10))}`);
const columns = rawColumns(q, { anonymous: false });
const rows = rawRows(columns, { ids, responses, submittedOn }, { singleLine: false });

describe('the raw data for a Dutch Excel', () => {
  const bytes = Buffer.from(writeResponsesCsvForExcel(q, rows, { columns }), 'utf8');
  const sheet = openAsDutchExcel(bytes);

  it('opens as UTF-8 with semicolons: a byte-order mark, no sep= line, Windows line ends', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1, 5)).not.toBe('sep=');
    expect(sheet.encoding).toBe('utf-8');
    expect(sheet.separator).toBe(';');
    expect(bytes.toString('utf8')).toContain('\r\n');
  });

  it('has a column per variable on every row, in the order of the export', () => {
    expect(sheet.rows[0]).toEqual(columns.map((c) => c.code));
    expect(sheet.rows).toHaveLength(responses.length + 1);
    for (const row of sheet.rows) expect(row).toHaveLength(columns.length);
  });

  it('holds the same values as the comma-separated file: numbers as Dutch numbers, texts intact', () => {
    const comma = parse(writeResponsesCsv(q, rows, { columns })) as string[][];
    let decimals = 0;
    comma.slice(1).forEach((record, r) => {
      record.forEach((cell, c) => {
        const column = columns[c]!;
        const excel = excelValue(sheet.rows[r + 1]![c]!);
        if (column.kind === 'number') {
          expect(excel, `${column.code} row ${r}`).toBe(cell === '' ? null : Number(cell));
          if (cell.includes('.')) decimals += 1;
        } else expect(excel === null ? '' : String(excel), `${column.code} row ${r}`).toBe(cell);
      });
    });
    // the fixture's hours per week have decimals: 12.25 is written 12,25 and read back as 12.25
    expect(decimals).toBeGreaterThan(5);
    const texts = sheet.rows.slice(1).map((r) => r[columns.findIndex((c) => c.code === 'Q8_other')]!);
    expect(texts).toContain('Één opmerking: café & crème');
    expect(texts).toContain('Eerste regel\nTweede regel');
    expect(texts).toContain('Goed overleg, "prima" sfeer');
    // a formula-like answer stays text (the apostrophe the comma file has too)
    expect(texts.map(unescapeText)).toContain('=HYPERLINK("http://evil.test","klik")');
    expect(texts).not.toContain('=HYPERLINK("http://evil.test","klik")');
  });

  it('is needed: the comma-separated file opened the same way puts each row in one column', () => {
    const comma = openAsDutchExcel(Buffer.from(writeResponsesCsv(q, rows, { columns }), 'utf8'));
    expect(comma.rows[0]).toHaveLength(1);
    expect(comma.encoding).toBe('windows-1252');
  });
});
