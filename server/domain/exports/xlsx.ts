/**
 * The XLSX workbook: raw data, the variable list, response rates and every results table of the
 * report, one sheet each. Built from the analysis Report, so the workbook shows exactly the numbers
 * (and the small-cell suppression) of the results pages; it never computes a statistic itself.
 * Numbers are stored as numbers with a display format; every text cell is neutralised so a respondent's
 * answer cannot run as a formula. Written with exceljs' streaming writer, row by row, so a wave of 100k
 * responses does not hold millions of cell objects in memory.
 */
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Breakdown, QuestionReport, Report } from '../analysis/types.js';
import type { Questionnaire } from '../questionnaire/normalize.js';
import type { Value, Values } from '../questionnaire/variables.js';
import { CODEBOOK_HEADER, codebookRows, type ExportColumn } from './codebook.js';
import { neutralise } from './neutralise.js';

/** Response rates as the fieldwork module reports them (the fields the workbook shows). */
export interface RatesInput {
  invited: number;
  ineligible: number;
  eligible: number;
  completePersons: number;
  partialPersons: number;
  responses: number;
  rr1: number | null;
  rr2: number | null;
  formulas?: { rr1: string; rr2: string };
  dispositions?: Array<{ label: string; persons: number }>;
  breakdowns?: Array<{
    attribute: string;
    cells: Array<{ value: string | null; invited: number; eligible: number; suppressed: boolean; complete: number | null; rr1: number | null }>;
  }>;
  suppression?: { applied: boolean; rule: string };
}

export interface WorkbookInput {
  questionnaire: Questionnaire;
  report: Report;
  /** The raw export (columns and rows with response_id), or why it is withheld. */
  raw: { columns: ExportColumn[]; rows: Values[] } | { withheld: string };
  rates?: RatesInput;
  /** The wave's title, shown at the top of the results sheets. */
  title?: string;
}

export const SHEETS = {
  raw: 'Ruwe data',
  variables: 'Variabelen',
  rates: 'Respons',
  reliability: 'Betrouwbaarheid',
  items: 'Items',
  frequencies: 'Frequenties',
  itemFrequencies: 'Itemfrequenties',
} as const;

const FORMAT = { count: '0', mean: '0.00', alpha: '0.00', fraction: '0.0%' } as const;
/** Shown instead of a suppressed value. */
export const SUPPRESSED = '–';

type Cell = string | number | null | undefined;

function safe(value: Cell | Value): ExcelJS.CellValue {
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

/** A sheet written top to bottom: each row is committed (flushed) as soon as it is complete. */
class Sheet {
  row = 1;
  constructor(readonly ws: ExcelJS.Worksheet) {}

  private next(): ExcelJS.Row {
    return this.ws.getRow(this.row++);
  }

  /** A bold title line. */
  title(text: string): void {
    const r = this.next();
    r.getCell(1).value = safe(text);
    r.font = { bold: true, size: 12 };
    r.commit();
  }

  /** A plain text line (notes, formulas). */
  note(text: string): void {
    const r = this.next();
    r.getCell(1).value = safe(text);
    r.font = { italic: true };
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

  /** A data row; `formats` gives the number format per column (by index). */
  line(cells: readonly Cell[], formats: ReadonlyArray<string | undefined> = [], bold = false): void {
    const r = this.next();
    cells.forEach((c, i) => {
      const cell = r.getCell(i + 1);
      cell.value = safe(c);
      const format = formats[i];
      if (format && typeof c === 'number') cell.numFmt = format;
      if (c === SUPPRESSED || (typeof c === 'string' && c.startsWith('<'))) cell.alignment = { horizontal: 'right' };
      if (bold) cell.font = { bold: true };
    });
    r.commit();
  }

  blank(): void {
    this.row++;
  }

  done(): void {
    this.ws.commit();
  }
}

/**
 * A new sheet. The streaming writer puts views and column widths before the first row, so they are
 * given here: `freeze` is [rows, columns] kept in view while scrolling.
 */
function add(workbook: Workbook, taken: Set<string>, name: string, widths: number[], freeze?: [number, number]): Sheet {
  const views: Array<Partial<ExcelJS.WorksheetView>> = freeze ? [{ state: 'frozen', ySplit: freeze[0], xSplit: freeze[1] }] : [];
  const ws = workbook.addWorksheet(sheetName(name, taken), { views });
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return new Sheet(ws);
}

function rawSheet(workbook: Workbook, taken: Set<string>, raw: WorkbookInput['raw']): void {
  if ('withheld' in raw) {
    const sheet = add(workbook, taken, SHEETS.raw, [100]);
    sheet.note(raw.withheld);
    sheet.done();
    return;
  }
  const widths = raw.columns.map((c) => Math.min(30, Math.max(8, c.code.length + 2)));
  const sheet = add(workbook, taken, SHEETS.raw, widths, [1, 1]);
  sheet.header(raw.columns.map((c) => c.code));
  for (const row of raw.rows) sheet.line(raw.columns.map((c) => row[c.code] ?? null));
  sheet.done();
}

function variablesSheet(workbook: Workbook, taken: Set<string>, input: WorkbookInput): void {
  const sheet = add(workbook, taken, SHEETS.variables, [14, 8, 40, 50, 10, 11, 50, 16, 18, 10, 20, 20], [1, 1]);
  const columns = 'withheld' in input.raw ? input.questionnaire.variables : input.raw.columns;
  sheet.header(CODEBOOK_HEADER);
  for (const row of codebookRows(input.questionnaire, columns)) sheet.line(CODEBOOK_HEADER.map((k) => row[k]));
  sheet.done();
}

function ratesSheet(workbook: Workbook, taken: Set<string>, rates: RatesInput): void {
  const sheet = add(workbook, taken, SHEETS.rates, [48, 14, 12, 12, 10], [2, 0]);
  const fr = [undefined, FORMAT.count];
  sheet.title('Respons');
  sheet.header(['Kengetal', 'Waarde']);
  sheet.line(['Uitgenodigd (personen)', rates.invited], fr);
  sheet.line(['Niet tot de doelgroep', rates.ineligible], fr);
  sheet.line(['Doelgroep (uitgenodigd − niet tot de doelgroep)', rates.eligible], fr);
  sheet.line(['Volledig ingevuld (personen)', rates.completePersons], fr);
  sheet.line(['Gedeeltelijk ingevuld (personen)', rates.partialPersons], fr);
  sheet.line(['Ingevulde vragenlijsten (responses)', rates.responses], fr);
  sheet.line(['Respons RR1', rates.rr1 ?? SUPPRESSED], [undefined, FORMAT.fraction]);
  sheet.line(['Respons RR2', rates.rr2 ?? SUPPRESSED], [undefined, FORMAT.fraction]);
  if (rates.formulas) {
    sheet.note(rates.formulas.rr1);
    sheet.note(rates.formulas.rr2);
  }
  if (rates.dispositions?.length) {
    sheet.blank();
    sheet.title('Status van de uitgenodigden');
    sheet.header(['Status', 'Personen']);
    for (const d of rates.dispositions) sheet.line([d.label, d.persons], fr);
  }
  for (const b of rates.breakdowns ?? []) {
    sheet.blank();
    sheet.title(`Respons per ${b.attribute}`);
    sheet.header([b.attribute, 'Uitgenodigd', 'Doelgroep', 'Volledig', 'RR1']);
    for (const c of b.cells) {
      sheet.line(
        [c.value ?? 'Onbekend', c.invited, c.eligible, c.suppressed ? SUPPRESSED : c.complete, c.suppressed ? SUPPRESSED : (c.rr1 ?? SUPPRESSED)],
        [undefined, FORMAT.count, FORMAT.count, FORMAT.count, FORMAT.fraction],
      );
    }
  }
  if (rates.suppression?.applied) {
    sheet.blank();
    sheet.note(rates.suppression.rule);
  }
  sheet.done();
}

function warningsText(warnings: ReadonlyArray<{ message: string }>): string {
  return warnings.map((w) => w.message).join(' ');
}

function reliabilitySheet(workbook: Workbook, taken: Set<string>, report: Report, title: string): void {
  const sheet = add(workbook, taken, SHEETS.reliability, [28, 10, 12, 12, 12, 12, 14, 12, 10, 10, 60], [2, 1]);
  sheet.title(`${title}: betrouwbaarheid per aspect (Cronbach's alpha)`);
  sheet.header([
    'Aspect',
    'Aantal items (k)',
    'n (alle items beantwoord)',
    "Cronbach's alpha",
    '95%-BI ondergrens',
    '95%-BI bovengrens',
    'Gestandaardiseerde alpha',
    'Gemiddelde score',
    'SD score',
    'n score',
    'Waarschuwingen',
  ]);
  const f = [undefined, FORMAT.count, FORMAT.count, FORMAT.alpha, FORMAT.alpha, FORMAT.alpha, FORMAT.alpha, FORMAT.mean, FORMAT.mean, FORMAT.count];
  for (const s of report.scales) {
    sheet.line(
      [s.label, s.k, s.n, s.alpha, s.ci95?.[0], s.ci95?.[1], s.standardizedAlpha, s.scoreMean, s.scoreSd, s.scoreN, warningsText(s.warnings)],
      f,
    );
  }
  if (report.scales.length) {
    const o = report.overall;
    sheet.line(['Alle aspecten', null, null, null, null, null, null, o.mean, o.sd, o.n, ''], f, true);
    sheet.blank();
    for (const s of report.scales) sheet.note(`${s.label}: ${s.formula}`);
    sheet.note(`Alle aspecten: ${o.formula}`);
  }
  for (const note of report.notes) sheet.note(note);
  if (report.warnings.length) sheet.note(warningsText(report.warnings));
  sheet.done();
}

function itemsSheet(workbook: Workbook, taken: Set<string>, report: Report, title: string): void {
  const sheet = add(workbook, taken, SHEETS.items, [10, 70, 8, 10, 10, 12, 10, 14, 14, 11], [2, 1]);
  sheet.title(`${title}: beschrijvende statistieken per stelling`);
  sheet.header(['Code', 'Stelling', 'n', 'Minimum', 'Maximum', 'Gemiddelde', 'SD', 'Missend (geen oordeel e.d.)', 'Niet beantwoord', 'Omgekeerd']);
  const f = [undefined, undefined, FORMAT.count, FORMAT.count, FORMAT.count, FORMAT.mean, FORMAT.mean, FORMAT.count, FORMAT.count];
  const groups = new Map<string, Report['items']>();
  for (const item of report.items) {
    const key = item.aspect ?? '';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const aspectLabel = new Map(report.scales.map((s) => [s.id, s.label]));
  for (const [aspect, items] of groups) {
    sheet.line([aspect ? (aspectLabel.get(aspect) ?? aspect) : 'Overige stellingen'], [], true);
    for (const i of items) {
      sheet.line([i.code, i.label, i.n, i.min, i.max, i.mean, i.sd, i.missing.declared, i.missing.skipped, i.reversed ? 'ja' : ''], f);
    }
  }
  sheet.blank();
  sheet.note('Missende antwoorden (zoals geen oordeel) tellen niet mee in n, minimum, maximum, gemiddelde en SD.');
  sheet.done();
}

function breakdownSheet(workbook: Workbook, taken: Set<string>, report: Report, b: Breakdown, title: string): void {
  const scales = report.scales;
  const sheet = add(workbook, taken, `Per ${b.label.toLowerCase()}`, [34, 8, ...scales.map(() => 14), 14], [2, 1]);
  sheet.title(`${title}: gemiddelde score per aspect, per ${b.label.toLowerCase()}`);
  sheet.header([b.label, 'n', ...scales.map((s) => s.label), 'Alle aspecten']);
  const f = [undefined, FORMAT.count, ...scales.map(() => FORMAT.mean), FORMAT.mean];
  const min = report.settings.minCellSize;
  for (const c of b.cells) {
    const n: Cell = c.suppression === 'small' ? `<${min}` : c.n;
    const scores = scales.map((s) => (c.suppressed || c.suppressedScores.includes(s.id) ? SUPPRESSED : (c.scores[s.id] ?? null)));
    sheet.line([c.value, n, ...scores, c.suppressed ? SUPPRESSED : c.overall], f);
  }
  sheet.line(['Totaal', b.total.n, ...scales.map((s) => b.total.scores[s.id] ?? null), b.total.overall], f, true);
  sheet.blank();
  sheet.note(`${SUPPRESSED} = niet getoond: te weinig respondenten (minder dan ${min}) of terug te rekenen uit de andere cellen.`);
  if (b.note) sheet.note(b.note);
  sheet.done();
}

function frequencyTable(sheet: Sheet, q: QuestionReport): void {
  const pct = FORMAT.count;
  sheet.title(`${q.code} ${q.text}`);
  if (q.type === 'single' || q.type === 'yesno') {
    sheet.header(['Antwoord', 'Code', 'Aantal', '%', 'Geldig %']);
    for (const r of q.rows) sheet.line([r.label, r.value, r.count, r.percent, r.validPercent], [undefined, FORMAT.count, FORMAT.count, pct, pct]);
    sheet.line(['Totaal', null, q.total, q.total > 0 ? 100 : null, null], [undefined, undefined, FORMAT.count, pct], true);
  } else if (q.type === 'multi') {
    sheet.header(['Antwoord', 'Code', 'Keer genoemd', '% van respondenten', '% van noemingen']);
    for (const r of q.rows) {
      sheet.line([r.label, r.value, r.count, r.percentOfRespondents, r.percentOfMentions], [undefined, FORMAT.count, FORMAT.count, pct, pct]);
    }
    sheet.line(['Totaal noemingen', null, q.mentions, null, q.mentions > 0 ? 100 : null], [undefined, undefined, FORMAT.count, pct, pct], true);
    sheet.note(`n = ${q.n} respondenten met minstens één antwoord; geen antwoord: ${q.nonResponse}.`);
  } else if (q.type === 'constantSum') {
    const unit = q.unit ? ` (${q.unit})` : '';
    sheet.header(['Onderdeel', 'n', `Gemiddelde${unit}`, 'Gemiddeld aandeel %', 'SD', 'Minimum', 'Maximum', ...q.bandLabels]);
    for (const item of q.items) {
      sheet.line(
        [item.label, item.n, item.mean, item.meanPercent, item.sd, item.min, item.max, ...item.bands.map((b) => b.count)],
        [undefined, FORMAT.count, FORMAT.mean, FORMAT.mean, FORMAT.mean, FORMAT.mean, FORMAT.mean, ...q.bandLabels.map(() => FORMAT.count)],
      );
    }
    sheet.note(`n = ${q.n}; geen antwoord: ${q.nonResponse}; totaal wijkt af van ${q.total}: ${q.offTotal}; ongeldig: ${q.invalid}.`);
  } else if (q.type === 'number') {
    const f = [undefined, FORMAT.mean];
    sheet.header(['Statistiek', 'Waarde']);
    sheet.line(['n', q.n], [undefined, FORMAT.count]);
    sheet.line([`Gemiddelde${q.unit ? ` (${q.unit})` : ''}`, q.mean], f);
    sheet.line(['Mediaan', q.median], f);
    sheet.line(['SD', q.sd], f);
    sheet.line(['Minimum', q.min], f);
    sheet.line(['Maximum', q.max], f);
    for (const d of q.declared) sheet.line([d.label, d.count], [undefined, FORMAT.count]);
    sheet.line(['Niet beantwoord', q.missing.skipped], [undefined, FORMAT.count]);
    if (q.bands) {
      sheet.header(['Groep', 'Aantal', '%']);
      for (const b of q.bands) sheet.line([b.label, b.count, b.percent], [undefined, FORMAT.count, pct]);
      if (q.outsideBands) sheet.line(['Buiten de groepen', q.outsideBands], [undefined, FORMAT.count]);
    }
  }
  if (q.notShown) sheet.note(`Niet voorgelegd (routering): ${q.notShown}.`);
  sheet.blank();
}

function frequenciesSheet(workbook: Workbook, taken: Set<string>, report: Report): void {
  if (!report.questions.length) return;
  const sheet = add(workbook, taken, SHEETS.frequencies, [50, 10, 12, 14, 14, 10, 10]);
  for (const q of report.questions) frequencyTable(sheet, q);
  sheet.done();
}

function itemFrequenciesSheet(workbook: Workbook, taken: Set<string>, report: Report): void {
  if (!report.items.length) return;
  const sheet = add(workbook, taken, SHEETS.itemFrequencies, [40, 8, 10, 8, 10]);
  const f = [undefined, FORMAT.count, FORMAT.count, FORMAT.count, FORMAT.count];
  for (const item of report.items) {
    sheet.title(`${item.code} ${item.label}`);
    sheet.header(['Antwoord', 'Code', 'Aantal', '%', 'Geldig %']);
    for (const r of item.frequencies) sheet.line([r.label, r.value, r.count, r.percent, r.validPercent], f);
    sheet.line(['Totaal', null, item.total, item.total > 0 ? 100 : null, null], f, true);
    sheet.blank();
  }
  sheet.done();
}

/**
 * Write the workbook of a wave to a stream: raw data, variables, response rates (when given), the
 * reliability and item tables, one sheet per breakdown, and the frequency tables.
 */
export async function writeWorkbook(input: WorkbookInput, stream: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
  workbook.creator = 'Veiligheidshuis enquête';
  const title = input.title ?? input.report.questionnaire.title;
  const taken = new Set<string>();
  rawSheet(workbook, taken, input.raw);
  variablesSheet(workbook, taken, input);
  if (input.rates) ratesSheet(workbook, taken, input.rates);
  reliabilitySheet(workbook, taken, input.report, title);
  itemsSheet(workbook, taken, input.report, title);
  for (const b of input.report.breakdowns) breakdownSheet(workbook, taken, input.report, b, title);
  frequenciesSheet(workbook, taken, input.report);
  itemFrequenciesSheet(workbook, taken, input.report);
  await workbook.commit();
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
