/**
 * The platform's raw-data CSV: one row per response, one column per variable, answer codes as values.
 *
 * Format (what `cli analyze --responses` reads, and what a researcher can write by hand):
 * - UTF-8 (a byte-order mark is accepted), comma-separated, double quotes around fields that need them
 *   (reading also takes the semicolon or tab that Dutch Excel writes, recognised from the header line);
 * - a header row of variable codes: `response_id` (and `submitted_on` in waves that are not anonymous),
 *   then every questionnaire variable in page order (rawColumns() in codebook.ts); contact questions
 *   are never exported;
 * - answer codes as numbers (a declared missing answer such as geen oordeel is its code, e.g. 5), multiple
 *   choice as 0/1 per option, text as text; an empty cell is no answer;
 * - a text cell that would start a formula in a spreadsheet (= + - @, tab, CR) gets a leading apostrophe
 *   (OWASP "CSV injection"); so does one that already starts with apostrophes followed by such a
 *   character, so reading removes exactly one apostrophe and every text survives a round trip.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { detectDelimiter } from '../fieldwork/participantsCsv.js';
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import type { Value, Values } from '../questionnaire/variables.js';
import { COMPLETE, MEANING_SUFFIX, rawColumns, RESPONSE_ID, SUBMITTED_ON, type ExportColumn } from './codebook.js';
import { startsFormula } from './neutralise.js';

/** Leading columns the reader skips without a warning. */
export const IGNORED_COLUMNS: ReadonlySet<string> = new Set([RESPONSE_ID, SUBMITTED_ON, COMPLETE, 'wave', 'wave_id']);

/** At most this many warnings about single cells; the rest are counted. */
const MAX_CELL_WARNINGS = 20;

/** The text as written to a cell: an apostrophe in front when it would (after apostrophes) start a formula. */
export function escapeText(text: string): string {
  return startsFormula(text.replace(/^'+/, '')) ? `'${text}` : text;
}

/** The inverse of escapeText. */
export function unescapeText(cell: string): string {
  return cell.startsWith("'") && startsFormula(cell.replace(/^'+/, '')) ? cell.slice(1) : cell;
}

export interface WriteOptions {
  /** The columns to write; default rawColumns() of an anonymous wave (response_id, then the variables). */
  columns?: ExportColumn[];
}

function cell(value: Value | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return escapeText(value);
}

/** The CSV text in pieces: the header line, then one line per response (for streaming a large export). */
export function* responsesCsvLines(questionnaire: Questionnaire, responses: Iterable<Values>, options: WriteOptions = {}): Generator<string> {
  const columns = options.columns ?? rawColumns(questionnaire, { anonymous: true });
  const line = (fields: string[]) => stringify([fields], { record_delimiter: '\n' });
  yield line(columns.map((c) => c.code));
  for (const values of responses) yield line(columns.map((c) => cell(c.derive ? c.derive(values) : values[c.code])));
}

/** The raw-data CSV of the responses (response_id and submitted_on are taken from the Values when present). */
export function writeResponsesCsv(questionnaire: Questionnaire, responses: Iterable<Values>, options: WriteOptions = {}): string {
  return [...responsesCsvLines(questionnaire, responses, options)].join('');
}

/** The byte-order mark that tells Excel a CSV file is UTF-8 (without it, Excel reads it as Windows-1252). */
export const BOM = '\uFEFF';

/** A cell as Dutch Excel reads it: a decimal comma in numbers that are not whole. */
function excelCell(value: Value | undefined): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).replace('.', ',') : '';
  return cell(value);
}

/**
 * The raw data for Excel with Dutch regional settings, which opens a CSV file by double-click with
 * the semicolon as list separator and the comma as decimal separator: UTF-8 with a byte-order mark,
 * semicolons, Windows line ends, decimal commas. (No "sep=;" line: with one, Excel ignores the BOM
 * and reads the text as Windows-1252.) The same cells as the comma-separated file otherwise.
 */
export function writeResponsesCsvForExcel(questionnaire: Questionnaire, responses: Iterable<Values>, options: WriteOptions = {}): string {
  const columns = options.columns ?? rawColumns(questionnaire, { anonymous: true });
  const rows: string[][] = [columns.map((c) => c.code)];
  for (const values of responses) rows.push(columns.map((c) => excelCell(c.derive ? c.derive(values) : values[c.code])));
  // a text with a line break is quoted however it breaks: Excel keeps it in its cell
  return BOM + stringify(rows, { delimiter: ';', record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/** Read a raw-data CSV: answers of the questionnaire's variables, and warnings in Dutch for everything skipped. */
export function readResponsesCsv(questionnaire: Questionnaire, csvText: string): { responses: Values[]; warnings: string[] } {
  const warnings: string[] = [];
  let records: string[][];
  try {
    // a file saved by Dutch Excel is separated by semicolons: read as commas it would be one unknown column
    const delimiter = detectDelimiter(csvText.replace(/^\uFEFF/, ''));
    records = parse(csvText, { bom: true, delimiter, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    throw new Error(`CSV niet te lezen: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) return { responses: [], warnings: ['Het CSV-bestand is leeg'] };

  const index = indexOf(questionnaire);
  const contact = (code: string) => index.question.get(index.variable.get(code)?.question ?? '')?.contact === true;
  const columns: Array<{ at: number; code: string; kind: 'number' | 'text'; codes: Set<number> | null }> = [];
  const seen = new Set<string>();
  header.forEach((raw, at) => {
    const name = raw.trim();
    const variable = index.variable.get(name);
    if (seen.has(name)) {
      warnings.push(`Kolom ${name} komt meer dan eens voor: alleen de eerste telt`);
      return;
    }
    seen.add(name);
    if (IGNORED_COLUMNS.has(name)) return;
    // the meaning beside a code is computed from the code on export: reading, the code counts
    if (name.endsWith(MEANING_SUFFIX) && index.variable.has(name.slice(0, -MEANING_SUFFIX.length))) return;
    if (!variable) {
      warnings.push(`Kolom ${name || `${at + 1} (zonder naam)`} is geen variabele van vragenlijst ${questionnaire.id}: genegeerd`);
      return;
    }
    if (contact(name)) {
      warnings.push(`Kolom ${name} hoort bij een contactvraag: contactgegevens worden nooit met antwoorden geanalyseerd, genegeerd`);
      return;
    }
    const codes =
      // a number question's only value label is its weet-niet code: any number is an answer there
      variable.kind === 'number' && variable.valueLabels.length > 0 && variable.measure !== 'scale'
        ? new Set([...variable.valueLabels.map((l) => l.value), ...variable.missingValues])
        : null;
    columns.push({ at, code: name, kind: variable.kind, codes });
  });
  const absent = questionnaire.variables.filter((v) => !seen.has(v.code) && !contact(v.code)).map((v) => v.code);
  if (absent.length > 0) warnings.push(`Geen kolom voor ${absent.join(', ')}: behandeld als niet beantwoord`);

  let cellWarnings = 0;
  const cellWarning = (message: string) => {
    cellWarnings += 1;
    if (cellWarnings <= MAX_CELL_WARNINGS) warnings.push(message);
  };
  const responses = rows.map((row, r) => {
    const line = r + 2;
    if (row.length !== header.length) cellWarning(`Regel ${line}: ${row.length} velden, de kopregel heeft er ${header.length}`);
    const values: Values = {};
    for (const c of columns) {
      const text = row[c.at] ?? '';
      if (c.kind === 'text') {
        values[c.code] = text === '' ? null : unescapeText(text);
        continue;
      }
      const trimmed = text.trim();
      if (trimmed === '') {
        values[c.code] = null;
        continue;
      }
      if (!NUMBER.test(trimmed)) {
        cellWarning(`Regel ${line}, ${c.code}: "${text}" is geen getal: behandeld als niet beantwoord`);
        values[c.code] = null;
        continue;
      }
      const value = Number(trimmed.replace(',', '.'));
      if (c.codes && !c.codes.has(value)) cellWarning(`Regel ${line}, ${c.code}: ${value} is geen antwoordcode van deze vraag`);
      values[c.code] = value;
    }
    return values;
  });
  if (cellWarnings > MAX_CELL_WARNINGS) warnings.push(`… en nog ${cellWarnings - MAX_CELL_WARNINGS} meldingen over afzonderlijke cellen`);
  return { responses, warnings };
}
