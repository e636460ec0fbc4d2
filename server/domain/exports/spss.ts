/**
 * SPSS syntax (.sps) that reads the raw CSV export and gives every variable its label, value labels,
 * missing values (geen oordeel, weet niet) and measurement level, so SPSS and GNU PSPP compute the
 * same item statistics as the platform. Tested by running the syntax in PSPP.
 *
 * Limits respected (IBM SPSS Statistics Command Syntax Reference): variable names ≤ 64 bytes, not a
 * reserved word; variable labels ≤ 256 bytes; value labels ≤ 120 bytes; at most three discrete missing
 * values per numeric variable (or one range); string literals cannot span lines, so long labels are cut
 * into pieces joined with `+`.
 */
import { indexOf, type Questionnaire } from '../questionnaire/normalize.js';
import type { Values } from '../questionnaire/variables.js';
import { moduleOf } from '../questionnaire/types/index.js';
import type { ExportColumn } from './codebook.js';
import { escapeText } from './responsesCsv.js';

const RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH']);
const VARIABLE_LABEL_BYTES = 255;
const VALUE_LABEL_BYTES = 120;
const MAX_STRING_WIDTH = 32767;
/** Characters per piece of a quoted literal, so no syntax line gets long. */
const PIECE = 72;
/** Upper bound in bytes of a text answer when no data are at hand (4 bytes per character in UTF-8). */
const DEFAULT_TEXT_BYTES_PER_CHAR = 4;
/** Characters of a text column that belongs to no question. */
const DEFAULT_TEXT_LENGTH = 500;

/** Whether a code can be used unchanged as an SPSS variable name. */
export function isValidSpssName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]*$/.test(name) && name.length <= 64 && !RESERVED.has(name.toUpperCase());
}

function checkNames(columns: ExportColumn[]): void {
  const bad = columns.filter((c) => !isValidSpssName(c.code)).map((c) => c.code);
  if (bad.length) throw new Error(`not valid as SPSS variable names: ${bad.join(', ')}`);
  const seen = new Map<string, string>();
  for (const c of columns) {
    const other = seen.get(c.code.toUpperCase());
    // SPSS names are case-insensitive
    if (other) throw new Error(`SPSS variable names ${other} and ${c.code} differ only in case`);
    seen.set(c.code.toUpperCase(), c.code);
  }
}

/** One line of label text: line breaks and runs of white space become one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cut a text to at most `bytes` UTF-8 bytes without splitting a character, marking the cut with "…". */
export function truncateBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= bytes) return text;
  let out = '';
  let used = Buffer.byteLength('…', 'utf8');
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (used + size > bytes) break;
    out += ch;
    used += size;
  }
  return `${out.trimEnd()}…`;
}

/** A quoted SPSS string literal: apostrophes doubled, long text cut into pieces joined with `+`. */
export function spssString(text: string, indent = '    '): string {
  const chars = [...text];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = Math.min(chars.length, start + PIECE);
    if (end < chars.length) {
      // break before a space when there is one in the second half of the piece
      const space = chars.lastIndexOf(' ', end);
      if (space > start + PIECE / 2) end = space;
    }
    pieces.push(chars.slice(start, end).join(''));
    start = end;
  }
  if (pieces.length === 0) pieces.push('');
  return pieces.map((p) => `'${p.replace(/'/g, "''")}'`).join(` +\n${indent}`);
}

function label(text: string, bytes: number, indent?: string): string {
  return spssString(truncateBytes(oneLine(text), bytes), indent);
}

/** Wrap a list of names over lines of at most ~100 characters. */
function nameLines(names: string[], indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line && line.length + name.length + 1 > 100) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${name}` : name;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

function decimalsOf(n: number): number {
  const text = String(n);
  if (/e/i.test(text)) return 6;
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Whether a number variable only ever holds whole numbers, by its question's definition. */
function integerByDefinition(questionnaire: Questionnaire, column: ExportColumn): boolean {
  const q = indexOf(questionnaire).question.get(column.question);
  return q ? moduleOf(q).spss().integer : true;
}

/** Bytes a text column may need when no data are at hand, from its question's maximum length. */
function textBytesByDefinition(questionnaire: Questionnaire, column: ExportColumn): number {
  if (column.date) return 10;
  if (column.maxBytes !== undefined) return column.maxBytes;
  const q = indexOf(questionnaire).question.get(column.question);
  const chars = q ? moduleOf(q).spss().textLength : DEFAULT_TEXT_LENGTH;
  return Math.min(MAX_STRING_WIDTH, chars * DEFAULT_TEXT_BYTES_PER_CHAR);
}

/**
 * The input format of each column: F<w>.<d> for numbers (d = 0 for whole numbers, at least 2
 * otherwise), A<bytes> for text, SDATE10 for dates. With data, widths fit the data exactly.
 */
export function spssFormats(questionnaire: Questionnaire, columns: ExportColumn[], rows?: Values[]): Map<string, string> {
  const formats = new Map<string, string>();
  for (const column of columns) {
    if (column.date) {
      formats.set(column.code, 'SDATE10');
      continue;
    }
    if (column.kind === 'text') {
      let bytes = rows ? 1 : textBytesByDefinition(questionnaire, column);
      for (const row of rows ?? []) {
        const v = row[column.code];
        // the CSV cell as written: a formula-like text gets an apostrophe in front
        if (v !== null && v !== undefined) bytes = Math.max(bytes, Buffer.byteLength(escapeText(String(v)), 'utf8'));
      }
      formats.set(column.code, `A${Math.min(MAX_STRING_WIDTH, bytes)}`);
      continue;
    }
    let decimals = integerByDefinition(questionnaire, column) ? 0 : 2;
    let width = 8;
    for (const row of rows ?? []) {
      const v = row[column.code];
      if (typeof v !== 'number') continue;
      decimals = Math.max(decimals, Math.min(16, decimalsOf(v)));
      width = Math.max(width, String(Math.trunc(v)).length + (decimals ? decimals + 1 : 0));
    }
    width = Math.min(40, Math.max(width, decimals + 3));
    formats.set(column.code, `F${width}.${decimals}`);
  }
  return formats;
}

/** MISSING VALUES specification of one variable: up to three codes, or one range when there are more. */
function missingSpec(column: ExportColumn): string {
  const codes = [...new Set(column.missingValues)].sort((a, b) => a - b);
  if (codes.length <= 3) return codes.join(' ');
  const lo = codes[0]!;
  const hi = codes[codes.length - 1]!;
  const valid = column.valueLabels.some((l) => l.value > lo && l.value < hi && !codes.includes(l.value));
  if (valid) throw new Error(`${column.code}: more than three missing codes that do not form one range (${codes.join(', ')})`);
  return `${lo} THRU ${hi}`;
}

/** Group consecutive-or-not columns that share the same specification, keeping first-seen order. */
function groupBy(columns: ExportColumn[], key: (c: ExportColumn) => string | null): Array<{ key: string; names: string[] }> {
  const groups = new Map<string, string[]>();
  for (const c of columns) {
    const k = key(c);
    if (k === null) continue;
    const names = groups.get(k) ?? [];
    names.push(c.code);
    groups.set(k, names);
  }
  return [...groups].map(([k, names]) => ({ key: k, names }));
}

export interface SpssSyntaxOptions {
  /** The CSV file name as written after /FILE (normally just the name, next to the .sps file). */
  csvFile: string;
  columns: ExportColumn[];
  /** The exported rows, to fit string widths and decimals to the data. */
  rows?: Values[];
  /** A line describing the data, e.g. the wave's title; goes into a comment. */
  description?: string;
}

/** SPSS syntax that reads the raw CSV export and sets labels, value labels, missing values and levels. */
export function spssSyntax(questionnaire: Questionnaire, options: SpssSyntaxOptions): string {
  const { columns, csvFile } = options;
  checkNames(columns);
  const formats = spssFormats(questionnaire, columns, options.rows);
  const comment = (text: string) => `* ${oneLine(text).replace(/\.$/, '')}.`;
  const out: string[] = [
    '* Encoding: UTF-8.',
    comment(`${questionnaire.title}, vragenlijst ${questionnaire.id} versie ${questionnaire.version}`),
    ...(options.description ? [comment(options.description)] : []),
    comment(`Leest ${csvFile} (UTF-8, komma-gescheiden, eerste regel = variabelenamen)`),
    comment('en zet labels, waardelabels, missende waarden en meetniveaus'),
    comment('Missende waarden (zoals geen oordeel en weet niet) tellen niet mee in gemiddelden'),
    '',
    comment('WAAR STAAT HET CSV-BESTAND?'),
    comment(`Pak de zip eerst uit: ${csvFile} moet in dezelfde map staan als deze syntax`),
    comment('SPSS zoekt het bestand in zijn werkmap. Is dat een andere map, haal dan het sterretje'),
    comment('weg voor de CD-regel hieronder en zet daar de map in waarin u de zip hebt uitgepakt'),
    comment('(in Windows Verkenner: Shift + rechtermuisknop op de map, Kopiëren als pad)'),
    comment('GNU PSPP: ga in een terminal naar die map en typ pspp gevolgd door de naam van deze syntax'),
    "* CD 'C:\\Users\\naam\\Documents\\map met de bestanden'.",
    '',
    'SET DECIMAL=DOT.',
    '',
    'GET DATA',
    '  /TYPE=TXT',
    `  /FILE=${spssString(csvFile)}`,
    "  /ENCODING='UTF8'",
    '  /DELIMITERS=","',
    `  /QUALIFIER='"'`,
    '  /ARRANGEMENT=DELIMITED',
    '  /FIRSTCASE=2',
    '  /VARIABLES=',
    ...columns.map((c, i) => `    ${c.code} ${formats.get(c.code)}${i === columns.length - 1 ? '.' : ''}`),
    '',
  ];

  const labelled = columns.filter((c) => oneLine(c.label) !== '');
  if (labelled.length) {
    out.push('VARIABLE LABELS');
    labelled.forEach((c, i) => {
      const lead = i === 0 ? '  ' : '  /';
      out.push(`${lead}${c.code} ${label(c.label, VARIABLE_LABEL_BYTES)}${i === labelled.length - 1 ? '.' : ''}`);
    });
    out.push('');
  }

  const valueGroups = groupBy(columns, (c) =>
    c.kind === 'number' && c.valueLabels.length ? JSON.stringify(c.valueLabels.map((l) => [l.value, oneLine(l.label)])) : null,
  );
  if (valueGroups.length) {
    out.push('VALUE LABELS');
    valueGroups.forEach((g, i) => {
      const labels = (JSON.parse(g.key) as Array<[number, string]>)
        .map(([value, text]) => `    ${value} ${label(text, VALUE_LABEL_BYTES, '      ')}`)
        .join('\n');
      out.push(`  /${nameLines(g.names, '   ')}\n${labels}${i === valueGroups.length - 1 ? '.' : ''}`);
    });
    out.push('');
  }

  const missingGroups = groupBy(columns, (c) => (c.kind === 'number' && c.missingValues.length ? missingSpec(c) : null));
  if (missingGroups.length) {
    out.push('MISSING VALUES');
    missingGroups.forEach((g, i) => {
      out.push(`  ${i ? '/' : ''}${nameLines(g.names, '   ')} (${g.key})${i === missingGroups.length - 1 ? '.' : ''}`);
    });
    out.push('');
  }

  const levels = { nominal: 'NOMINAL', ordinal: 'ORDINAL', scale: 'SCALE' } as const;
  const levelGroups = groupBy(columns, (c) => (c.kind === 'text' && !c.date ? 'NOMINAL' : levels[c.measure]));
  out.push('VARIABLE LEVEL');
  levelGroups.forEach((g, i) => {
    out.push(`  ${i ? '/' : ''}${nameLines(g.names, '   ')} (${g.key})${i === levelGroups.length - 1 ? '.' : ''}`);
  });
  out.push('');

  const present = new Set(columns.map((c) => c.code));
  const sets = indexOf(questionnaire).questions.flatMap((q) => {
    const names = moduleOf(q).spss().dichotomies.filter((n) => present.has(n));
    return names.length >= 2 ? [{ name: `$${q.code}`, label: q.text, names }] : [];
  });
  if (sets.length) {
    out.push('MRSETS');
    for (const s of sets) {
      out.push(
        `  /MDGROUP NAME=${s.name} LABEL=${label(s.label, VARIABLE_LABEL_BYTES)}\n    CATEGORYLABELS=VARLABELS VALUE=1\n    VARIABLES=${nameLines(s.names, '      ')}`,
      );
    }
    out[out.length - 1] += '.';
    out.push('');
  }

  out.push('EXECUTE.', '');
  out.push(comment('Bewaren als SPSS-databestand: haal het sterretje weg en geef een naam (of een volledig pad)'));
  out.push(`* SAVE OUTFILE=${spssString(csvFile.replace(/\.csv$/i, '.sav'))}.`, '');
  return out.join('\n');
}
