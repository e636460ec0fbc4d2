/**
 * The results page and the workbook render the same table data: every table on the page is in the
 * workbook with the same caption, column labels, row labels, cell texts, suppression marks, cell n and
 * footnotes — the summary (with its signed differences), the answer distributions and the open
 * answers included. The workbook's numbers are read as a Dutch Excel shows them (their number format), so
 * the check covers the rounding too. Checked on the demo wave, which has suppressed groups in its
 * breakdowns (marks a and b) and in its response breakdowns.
 */
import { findWave } from '../../../server/db/repositories/waves.js';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_PASSWORD, loadDemo } from '../../../server/services/demo.js';
import { formatDecimal, formatFraction, formatSigned } from '../../../server/domain/format/nl.js';
import { createTestApp, storedQuestionnaires, type TestApp } from '../../helpers/app.js';
import { loginAs } from '../../helpers/auth.js';
import { decode } from '../../helpers/resultsPage.js';

interface Cell {
  text: string;
  mark: string | null;
  n: string | null;
}

interface Rendered {
  caption: string;
  /** The header row, then every row (a group heading is a row of one cell). */
  rows: Cell[][];
  footnotes: string[];
}

/** A page cell: its text without the code before a row label, the remark after it, the mark and the n. */
function pageCell(html: string): Cell {
  const mark = /<sup class="fn"[^>]*>([a-z])<\/sup>/.exec(html)?.[1] ?? null;
  const n = /<span class="cell-n">n = ([^<]+)<\/span>/.exec(html)?.[1] ?? null;
  const text = html
    .replace(/<span class="(code|vh|cell-n)">.*?<\/span>/g, '')
    .replace(/<(sup|em)\b[^>]*>.*?<\/\1>/g, '')
    .replace(/<li>/g, ' ')
    .replace(/<[^>]+>/g, '');
  return { text: decode(text), mark, n };
}

/** Every table of a page with a caption, with the footnotes printed after it. */
function pageTables(html: string): Rendered[] {
  return html
    .split(/<table\b/)
    .slice(1)
    .flatMap((chunk) => {
      const end = chunk.indexOf('</table>');
      const table = chunk.slice(0, end);
      const caption = /<caption>([\s\S]*?)<\/caption>/.exec(table)?.[1];
      if (caption === undefined) return [];
      const rows = [...table.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)]
        .filter((r) => !r[0].includes('class="formula-row"'))
        .map((r) => [...r[1]!.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => pageCell(c[1]!)));
      const after = chunk.slice(end, chunk.search(/<table\b|<h[23]\b|<figure\b|<\/section>/) + 1 || undefined);
      const footnotes = /<p class="footnotes">([\s\S]*?)<\/p>/.exec(after)?.[1]?.split('<br>').map((f) => decode(f.replace(/<[^>]+>/g, ''))) ?? [];
      return [{ caption: decode(caption.replace(/<[^>]+>/g, '')), rows, footnotes }];
    });
}

/** A workbook cell as a Dutch Excel shows it: numbers in their number format, a suppressed value with its mark. */
function workbookCell(cell: ExcelJS.Cell): Cell {
  const n = typeof cell.note === 'string' ? (/^n = (.+)$/.exec(cell.note)?.[1] ?? null) : null;
  const value = cell.value;
  if (value && typeof value === 'object' && 'richText' in value) {
    return { text: value.richText[0]!.text, mark: value.richText[1]?.text ?? null, n };
  }
  if (typeof value !== 'number') return { text: cell.text, mark: null, n };
  // a difference: positive with "+", negative with "−", zero without a sign
  const signed = /^"\+"#,##0(?:\.(0+))?;"−"#,##0(?:\.0+)?;0(?:\.0+)?$/.exec(cell.numFmt ?? '');
  if (signed) return { text: formatSigned(value, signed[1]?.length ?? 0), mark: null, n };
  const format = /^(?:#,##0|0)(?:\.(0+))?(" "%)?(?:"(.*)")?$/.exec(cell.numFmt ?? '');
  if (!format) throw new Error(`unexpected number format ${cell.numFmt} at ${cell.address}`);
  const decimals = format[1]?.length ?? 0;
  const text = format[2] ? formatFraction(value, decimals) : formatDecimal(value, decimals);
  return { text: `${text}${format[3] ?? ''}`, mark: null, n };
}

/** Every table of a workbook sheet: a caption line, the header, rows, then footnote and note lines up to a blank line. */
function sheetTables(ws: ExcelJS.Worksheet, title: string): Rendered[] {
  const lines: ExcelJS.Row[] = [];
  for (let r = 1; r <= ws.rowCount; r++) lines.push(ws.getRow(r));
  const tables: Rendered[] = [];
  for (let i = 0; i < lines.length; i++) {
    const row = lines[i]!;
    const next = lines[i + 1];
    const isCaption = row.cellCount === 1 && row.getCell(1).font?.size === 12 && next?.getCell(1).border?.bottom;
    if (!isCaption) continue;
    const rows: Cell[][] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j]!.cellCount > 0 && !lines[j]!.getCell(1).font?.italic; j++) {
      const cells: Cell[] = [];
      lines[j]!.eachCell({ includeEmpty: true }, (c) => cells.push(workbookCell(c)));
      rows.push(cells);
    }
    const footnotes: string[] = [];
    for (; j < lines.length && lines[j]!.getCell(1).font?.italic; j++) {
      const text = String(lines[j]!.getCell(1).value);
      if (/^[ab] /.test(text)) footnotes.push(text);
    }
    tables.push({ caption: String(row.getCell(1).value).replace(`${title}: `, ''), rows, footnotes });
  }
  return tables;
}

/** The page's rows in the workbook's layout: each page column under the workbook column with its label. */
function compare(page: Rendered, book: Rendered): void {
  const pageHeader = page.rows[0]!.map((c) => c.text);
  const bookHeader = book.rows[0]!.map((c) => c.text);
  const columns = pageHeader.map((label) => bookHeader.indexOf(label));
  expect(columns, `${page.caption}: columns ${pageHeader.join(' | ')} in ${bookHeader.join(' | ')}`).not.toContain(-1);
  const body = (rows: Cell[][]) => rows.slice(1).filter((r) => r.some((c) => c.text !== ''));
  const bookRows = body(book.rows);
  const pageRows = body(page.rows);
  expect(bookRows.length, page.caption).toBe(pageRows.length);
  pageRows.forEach((row, k) => {
    const inBook = row.length === 1 ? [bookRows[k]![0]!] : columns.map((j) => bookRows[k]![j] ?? { text: '', mark: null, n: null });
    expect(inBook, `${page.caption}, row ${k + 1}`).toEqual(row);
  });
  expect(book.footnotes.map((f) => f.replace(/^([ab]) /, '$1 '))).toEqual(page.footnotes);
}

let t: TestApp;
let html: string;
let book: ExcelJS.Workbook;
let title: string;

beforeAll(async () => {
  t = await createTestApp();
  const questionnaires = await storedQuestionnaires(t.app);
  const demo = await loadDemo(t.app.db, t.app.secrets, questionnaires, { password: DEFAULT_DEMO_PASSWORD, now: t.app.now() });
  if (demo.status !== 'loaded') throw new Error('demo not loaded');
  const wave = demo.waves.find((w) => w.key === 'demo-2025')!;
  const evaluator = await loginAs(t.app, 'evaluator');
  const get = (url: string) => t.app.inject({ url, headers: { cookie: evaluator.cookie, accept: 'text/html' } });
  const page = await get(`/admin/results/${wave.id}`);
  expect(page.statusCode).toBe(200);
  html = page.body;
  const xlsx = await get(`/admin/results/${wave.id}/download/xlsx`);
  expect(xlsx.statusCode).toBe(200);
  book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const stored = (await findWave(t.app.db, wave.id))!;
  title = `${stored.title} (${stored.house})`;
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the results page and the workbook', () => {
  it('show every table of the page with the same labels, numbers, marks and footnotes', () => {
    const onPage = pageTables(html);
    const inBook = book.worksheets.flatMap((ws) => sheetTables(ws, title));
    // the page has suppressed groups of both kinds, and suppressed response cells
    const marks = onPage.flatMap((p) => p.rows.flat().map((c) => c.mark)).filter(Boolean);
    expect(new Set(marks)).toEqual(new Set(['a', 'b']));
    let compared = 0;
    // the new tables are among them: the summary, the thresholds, the distributions and the open answers
    const captions = onPage.map((p) => p.caption);
    for (const wanted of ['Samenvatting: score per aspect', 'Minimaal aantal beantwoorde uitspraken per aspect', 'Verdeling van de antwoorden: Informatiedeling', 'Antwoorden: ‘']) {
      expect(captions.some((c) => c.includes(wanted)), wanted).toBe(true);
    }
    for (const page of onPage) {
      if (page.caption.includes('Gemiddelde score per aspect naar')) continue;
      const found = inBook.find((b) => b.caption === page.caption);
      expect(found, `"${page.caption}" is not in the workbook`).toBeDefined();
      compare(page, found!);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('splits the page’s breakdown table into one sheet per background variable, with the same rows', () => {
    const page = pageTables(html).find((p) => p.caption.includes('Gemiddelde score per aspect naar'))!;
    const number = /^Tabel (\d+)\./.exec(page.caption)![1];
    const [header, ...rows] = page.rows;
    const totaal = rows.find((r) => r[0]!.text === 'Totaal')!;
    const groups = new Map<string, Cell[][]>();
    let current: Cell[][] = [];
    for (const r of rows) {
      if (r.length === 1) groups.set(r[0]!.text, (current = [r]));
      else if (r !== totaal) current.push(r);
    }
    expect(groups.size).toBe(3);
    for (const [label, groupRows] of groups) {
      const sheet = book.worksheets.find((ws) => `Per ${label.toLowerCase()}`.startsWith(ws.name))!;
      const [inBook] = sheetTables(sheet, title);
      expect(inBook!.caption).toBe(`Tabel ${number}. Gemiddelde score per aspect naar ${label.toLowerCase()} (vgl. Tabel 7.3)`);
      // the workbook's table has the footnotes of the marks in its own rows
      const footnotes = page.footnotes.filter((f) => groupRows.some((r) => r.some((c) => c.mark === f[0])));
      compare({ caption: inBook!.caption, rows: [header!, ...groupRows, totaal], footnotes }, inBook!);
    }
  });
});
