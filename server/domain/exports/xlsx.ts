/**
 * The XLSX workbook: raw data, the variable list, and every results table of the report and the
 * response rates, rendered from the same table data as the results pages (analysis/tables/), so the
 * workbook shows exactly the numbers, labels and suppression marks of the page; it never computes a
 * statistic itself. Columns the page leaves out for readability (codes, extra statistics) are here too.
 * Numbers are stored as numbers with a display format that prints them as the page does (decimal
 * comma in a Dutch Excel, "48,0 %"); a suppressed value is "–" with its footnote mark in superscript.
 * Every text cell is neutralised so a respondent's answer cannot run as a formula. Written with
 * exceljs' streaming writer, row by row, into a stream (the download, the exported file), so a wave of
 * 100k responses never holds millions of cell objects or the whole file in memory; the raw rows may be
 * produced one at a time as they are written. exceljs is loaded on the first workbook, not at start.
 */
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { resultsTables, type ExtraTables } from '../analysis/tables/index.js';
import { cellText, type Cell, type NumberFormat, type Table } from '../analysis/tables/model.js';
import { ratesTables, type RatesInput } from '../analysis/tables/rates.js';
import type { Report } from '../analysis/types.js';
import { DASH, formatCount } from '../format/nl.js';
import type { Questionnaire } from '../questionnaire/normalize.js';
import type { Value, Values } from '../questionnaire/variables.js';
import { CODEBOOK_HEADER, codebookRows, type ExportColumn } from './codebook.js';
import { neutralise } from './neutralise.js';

export type { RatesInput } from '../analysis/tables/rates.js';

export interface WorkbookInput {
  questionnaire: Questionnaire;
  report: Report;
  /** The raw export (columns and rows with response_id, read once, in order), or why it is withheld. */
  raw: { columns: ExportColumn[]; rows: Iterable<Values> } | { withheld: string };
  rates?: RatesInput;
  /** The wave's title, shown at the top of the results sheets. */
  title?: string;
  /** The summary's comparisons and the open answers (reader view), as the results page has them. */
  extra?: Omit<ExtraTables, 'openAnswerLimit'>;
  /** Why the wave's results are withheld (a tiny anonymous wave): then one sheet says "onderdrukt" and why, instead of tables of nothing. */
  resultsWithheld?: string;
}

export const SHEETS = {
  raw: 'Ruwe data',
  variables: 'Variabelen',
  rates: 'Respons',
  reliability: 'Betrouwbaarheid',
  items: 'Items',
  frequencies: 'Frequenties',
  itemFrequencies: 'Itemfrequenties',
  summary: 'Samenvatting',
  distributions: 'Verdeling',
  openAnswers: 'Open antwoorden',
  withheld: 'Resultaten',
} as const;

/** Shown instead of a suppressed value (followed by its footnote mark). */
export const SUPPRESSED = DASH;

function safe(value: Value | undefined): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? neutralise(value) : value;
}

/** Worksheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31).trim() || 'Blad';
  let name = clean;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${clean.slice(0, 31 - String(i).length - 1).trim()} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

/** The Excel number format that prints a number as the page does (in a Dutch locale: decimal comma). */
export function numberFormat(format: NumberFormat, suffix = ''): string {
  const digits = (d: number) => (d > 0 ? `.${'0'.repeat(d)}` : '');
  const literal = (text: string) => (text ? `"${text.replace(/"/g, '')}"` : '');
  switch (format.kind) {
    case 'count':
      return `#,##0${literal(suffix)}`;
    case 'decimal':
      return `#,##0${digits(format.decimals)}${literal(suffix)}`;
    case 'signed': {
      // positive; negative with a real minus sign; zero without a sign, as the page prints them
      const body = `#,##0${digits(format.decimals)}`;
      return `"+"${body}${literal(suffix)};"−"${body}${literal(suffix)};0${digits(format.decimals)}${literal(suffix)}`;
    }
    case 'percent':
      return `#,##0${digits(format.decimals)}${literal(` %${suffix}`)}`;
    case 'fraction':
      return `0${digits(format.decimals)}" "%${literal(suffix)}`;
  }
}

/**
 * The style of every unstyled row and cell of the plain sheets. exceljs gives each new cell a style
 * object of its own, and its writer looks a cell's style up by object identity (a WeakMap) before it
 * lays the style out as XML to find its number: a fresh object is laid out for every cell (a third
 * of the raw sheet's CPU time for 100,000 responses). One shared object is laid out once. Frozen:
 * only cells that get no style property share it (setting one on such a cell throws).
 */
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({}) as Partial<ExcelJS.Style>;

/** A sheet written top to bottom: each row is committed (flushed) as soon as it is complete. */
class Sheet {
  row = 1;
  constructor(readonly ws: ExcelJS.Worksheet) {}

  private next(): ExcelJS.Row {
    return this.ws.getRow(this.row++);
  }

  /** A line of text: bold (a title) or italic (a note). */
  text(text: string, style: 'title' | 'note'): void {
    const r = this.next();
    r.getCell(1).value = safe(text);
    r.font = style === 'title' ? { bold: true, size: 12 } : { italic: true };
    r.commit();
  }

  /** A bold header row with a line under it. */
  header(cells: readonly string[]): void {
    const r = this.next();
    cells.forEach((c, i) => {
      const cell = r.getCell(i + 1);
      cell.value = safe(c);
      cell.font = { bold: true };
      cell.border = { bottom: { style: 'thin' } };
    });
    r.commit();
  }

  /** A row of table cells (and a trailing explanation). */
  cells(cells: readonly Cell[], bold: boolean, note?: string): void {
    const r = this.next();
    cells.forEach((c, i) => {
      const cell = r.getCell(i + 1);
      if (c.mark) {
        cell.value = { richText: [{ text: SUPPRESSED }, { text: c.mark, font: { vertAlign: 'superscript' } }] };
        cell.alignment = { horizontal: 'right' };
      } else if (typeof c.value === 'number') {
        cell.value = c.value;
        if (c.format) cell.numFmt = numberFormat(c.format, c.suffix);
      } else cell.value = safe(cellText(c));
      if (c.n !== undefined) cell.note = `n = ${formatCount(c.n)}`;
      if (bold) cell.font = { bold: true };
    });
    if (note) r.getCell(cells.length + 1).value = safe(note);
    r.commit();
  }

  /** A row of plain values (raw data, the variable list): empty cells stay empty. */
  values(values: ReadonlyArray<Value | undefined>): void {
    const r = this.next();
    // a row has a style object of its own too (exceljs' types leave it out)
    (r as unknown as { style: typeof PLAIN }).style = PLAIN;
    // no cell for an empty value: exceljs makes and lays out a cell object even for a null (raw data rows have many)
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === undefined || v === null) continue;
      const cell = r.getCell(i + 1);
      cell.value = safe(v);
      cell.style = PLAIN;
    }
    r.commit();
  }

  blank(): void {
    this.row++;
  }

  done(): void {
    this.ws.commit();
  }
}

/** A results table: its caption, header, rows by group, footnotes and notes, then a blank line. */
function writeTable(sheet: Sheet, table: Table, caption = table.title): void {
  const explained = table.groups.some((g) => g.rows.some((r) => r.note));
  sheet.text(table.code ? `${caption} (${table.code})` : caption, 'title');
  sheet.header([...table.columns.map((c) => c.label), ...(explained ? ['Toelichting'] : [])]);
  for (const group of table.groups) {
    if (group.label !== null) sheet.cells([{ value: group.label }], true);
    for (const row of group.rows) sheet.cells(row.cells, row.kind === 'total', row.note);
  }
  for (const [mark, text] of Object.entries(table.footnotes)) sheet.text(`${mark} ${text}`, 'note');
  for (const note of table.notes) sheet.text(note, 'note');
  sheet.blank();
}

/** Column widths that fit the tables' labels and cells (the streaming writer needs them before the first row). */
function widths(tables: readonly Table[]): number[] {
  const out: number[] = [];
  for (const t of tables) {
    t.columns.forEach((c, i) => {
      const longest = Math.max(c.label.length, ...t.groups.flatMap((g) => g.rows.map((r) => cellText(r.cells[i]!).length)));
      out[i] = Math.max(out[i] ?? 8, Math.min(c.prose || c.header ? 60 : 30, longest + 2));
    });
  }
  return out;
}

/**
 * A new sheet of tables. The streaming writer puts views and column widths before the first row, so
 * they are given here: `freeze` is [rows, columns] kept in view while scrolling.
 */
function tablesSheet(workbook: Workbook, taken: Set<string>, name: string, tables: readonly Table[], options: { title: string; freeze?: [number, number]; after?: (sheet: Sheet) => void }): void {
  // exceljs keys shared strings by value, so every rich text (a suppressed value with its mark) would
  // become the first one written: the tables' strings are written inline instead
  const sheet = add(workbook, taken, name, widths(tables), options.freeze, false);
  // the wave's title heads the sheet, on the first table's caption line so the header stays on row 2
  tables.forEach((t, i) => writeTable(sheet, t, i === 0 ? `${options.title}: ${t.title}` : t.title));
  options.after?.(sheet);
  sheet.done();
}

/** The page's "Verantwoording": how the numbers are made, the minimum cell size and the warnings. */
function accountability(report: Report): (sheet: Sheet) => void {
  return (sheet) => {
    sheet.text('Verantwoording', 'title');
    for (const note of report.notes) sheet.text(note, 'note');
    sheet.text(`Minimale celgrootte van deze ronde: ${report.settings.minCellSize} respondenten.`, 'note');
    if (report.warnings.length) {
      sheet.text('Waarschuwingen', 'title');
      for (const w of report.warnings) sheet.text(w.message, 'note');
    }
  };
}

function add(workbook: Workbook, taken: Set<string>, name: string, columnWidths: number[], freeze?: [number, number], sharedStrings = true): Sheet {
  const views: Array<Partial<ExcelJS.WorksheetView>> = freeze ? [{ state: 'frozen', ySplit: freeze[0], xSplit: freeze[1] }] : [];
  // exceljs' streaming writer supports this per sheet, though its types do not say so
  const options = { views, useSharedStrings: sharedStrings } as Partial<ExcelJS.AddWorksheetOptions>;
  const ws = workbook.addWorksheet(sheetName(name, taken), options);
  columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return new Sheet(ws);
}

/** Raw-data rows written between two looks at the compressor (see rawSheet). */
const ROWS_PER_TURN = 50;
/** Uncompressed sheet XML the compressor may have waiting before the rows wait for it. */
const WAITING_BYTES = 4 * 1024 * 1024;

/** A stream being written to, as far as waiting for it goes (archiver's streams are readable-stream's, not Node's). */
interface Compressor {
  _writableState: { length: number; needDrain: boolean };
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}

/**
 * Where exceljs' streaming writer sends a sheet's XML: its worksheet's buffer stream is piped into the
 * zip entry's compressor (a readable-stream PassThrough of archiver). exceljs does not wait for it (it
 * ignores what write() returns), so this reads the pipe from exceljs' internals; undefined if they
 * are not as expected (then the rows only let the event loop turn).
 */
function compressorOf(ws: ExcelJS.Worksheet): Compressor | undefined {
  const target = (ws as unknown as { _stream?: { pipes?: unknown[] } })._stream?.pipes?.[0] as Partial<Compressor> | undefined;
  const state = target?._writableState;
  return state && typeof state.length === 'number' && typeof target.on === 'function' && typeof target.off === 'function' ? (target as Compressor) : undefined;
}

/**
 * When the compressor has written what it holds, or can write no more (closed or failed), or the
 * workbook's own output is gone (a download the browser broke off: nothing reads the zip any more,
 * so the compressor would never drain).
 */
function drained(compressor: Compressor, output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const events = ['drain', 'close', 'error'];
    const done = () => {
      for (const event of events) compressor.off(event, done);
      output.off('close', done).off('error', done);
      resolve();
    };
    for (const event of events) compressor.on(event, done);
    output.on('close', done).on('error', done);
  });
}

/**
 * The raw data, a row per response. exceljs' streaming writer hands each committed row to the zip
 * entry's compressor without waiting for it: written in one go, the XML of 100,000 rows waited
 * uncompressed in memory (some 170 MB of buffers by the end of the sheet, the peak of the whole
 * export). Every 50 rows the writing waits until the compressor has less than 4 MB waiting, or at
 * least lets the event loop turn, so compressing keeps pace with writing.
 */
async function rawSheet(workbook: Workbook, taken: Set<string>, raw: WorkbookInput['raw'], output: Writable): Promise<void> {
  if ('withheld' in raw) {
    const sheet = add(workbook, taken, SHEETS.raw, [100]);
    sheet.text(raw.withheld, 'note');
    sheet.done();
    return;
  }
  const widths = raw.columns.map((c) => Math.min(30, Math.max(8, c.code.length + 2)));
  const sheet = add(workbook, taken, SHEETS.raw, widths, [1, 1]);
  sheet.header(raw.columns.map((c) => c.code));
  let written = 0;
  for (const row of raw.rows) {
    sheet.values(raw.columns.map((c) => row[c.code]));
    if (++written % ROWS_PER_TURN === 0) {
      const compressor = compressorOf(sheet.ws);
      if (compressor && compressor._writableState.needDrain && compressor._writableState.length > WAITING_BYTES) await drained(compressor, output);
      else await new Promise((resolve) => setImmediate(resolve));
      // nobody reads the workbook any more: stop, and let go of the responses
      if (output.destroyed) throw new Error('the workbook was no longer read');
    }
  }
  sheet.done();
}

function variablesSheet(workbook: Workbook, taken: Set<string>, input: WorkbookInput): void {
  const sheet = add(workbook, taken, SHEETS.variables, [14, 8, 40, 50, 10, 11, 50, 16, 18, 10, 20, 20], [1, 1]);
  const columns = 'withheld' in input.raw ? input.questionnaire.variables : input.raw.columns;
  sheet.header(CODEBOOK_HEADER);
  for (const row of codebookRows(input.questionnaire, columns)) sheet.values(CODEBOOK_HEADER.map((k) => row[k]));
  sheet.done();
}

/**
 * Write the workbook of a wave to a stream: raw data, variables, response rates (when given), the
 * reliability and score tables, the statements, one sheet per breakdown, and the frequency tables.
 */
export async function writeWorkbook(input: WorkbookInput, stream: Writable): Promise<void> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  workbook.creator = 'Veiligheidshuis enquête';
  const { report } = input;
  const title = input.title ?? report.questionnaire.title;
  const tables = resultsTables(report, input.extra);
  const taken = new Set<string>();
  await rawSheet(workbook, taken, input.raw, stream);
  variablesSheet(workbook, taken, input);
  if (tables.summary) tablesSheet(workbook, taken, SHEETS.summary, [tables.summary], { title, freeze: [2, 1] });
  if (input.rates) tablesSheet(workbook, taken, SHEETS.rates, ratesTables(input.rates), { title, freeze: [2, 0] });
  if (input.resultsWithheld !== undefined) {
    // never tables of an empty analysis (n = 0, Aantal 0): they would suggest nobody answered
    const sheet = add(workbook, taken, SHEETS.withheld, [120]);
    sheet.text(`${title}: resultaten onderdrukt`, 'title');
    sheet.text(`Onderdrukt. ${input.resultsWithheld}`, 'note');
    sheet.done();
    await workbook.commit();
    return;
  }
  tablesSheet(workbook, taken, SHEETS.reliability, [tables.reliability, tables.itemReliability, tables.scores, tables.thresholds], { title, freeze: [2, 1], after: accountability(report) });
  tablesSheet(workbook, taken, SHEETS.items, [tables.items], { title, freeze: [2, 2] });
  if (tables.distributions.length) tablesSheet(workbook, taken, SHEETS.distributions, tables.distributions, { title, freeze: [2, 2] });
  for (const [i, b] of report.breakdowns.entries()) tablesSheet(workbook, taken, `Per ${b.label.toLowerCase()}`, [tables.breakdownsBy[i]!], { title, freeze: [2, 1] });
  if (tables.questions.length) tablesSheet(workbook, taken, SHEETS.frequencies, tables.questions.flat(), { title });
  if (tables.itemFrequencies.length) tablesSheet(workbook, taken, SHEETS.itemFrequencies, tables.itemFrequencies, { title });
  const open = tables.openAnswers.flatMap((o) => (o.codes ? [o.codes, o.answers] : [o.answers]));
  if (open.length) tablesSheet(workbook, taken, SHEETS.openAnswers, open, { title });
  await workbook.commit();
}

/** The workbook as a stream of XLSX bytes, written as it is read; a failure while writing destroys the stream with the error. */
export function workbookStream(input: WorkbookInput): Readable {
  const stream = new PassThrough();
  writeWorkbook(input, stream).catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return stream;
}

/** The workbook as XLSX bytes. */
export async function workbookBuffer(input: WorkbookInput): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  await writeWorkbook(input, stream);
  await ended;
  return Buffer.concat(chunks);
}
