/**
 * Reading a participant list from CSV, as exported by Excel or any other tool: UTF-8 (with or without
 * BOM), UTF-16 with BOM, or Windows-1252; comma, semicolon or tab separated. The column with the
 * e-mail address is required, a name column optional, every other column becomes an attribute
 * (organisatie, beroepsgroep, overleg, geslacht, …). Every bad row is reported by its line number
 * in the file, so the researcher can fix the file in Excel.
 */

export type Delimiter = ',' | ';' | '\t';
export type Encoding = 'utf-8' | 'utf-16le' | 'windows-1252';

export interface CsvRecord {
  /** Line in the file where the record starts (1-based). */
  line: number;
  fields: string[];
}

export interface ParticipantRow {
  line: number;
  email: string;
  name: string | null;
  attributes: Record<string, string>;
}

export interface RowError {
  line: number;
  /** The e-mail field as written in the file (may be empty or invalid). */
  email: string;
  message: string;
}

export interface ParticipantsCsv {
  encoding: Encoding;
  delimiter: Delimiter;
  /** Attribute names in column order. */
  attributes: string[];
  rows: ParticipantRow[];
  errors: RowError[];
  /** Faults of the file as a whole (no e-mail column, unreadable quotes): nothing can be imported. */
  fileErrors: string[];
}

/** Longest name, attribute value or other field of a participant, in characters. */
export const MAX_FIELD = 500;
/** Attribute columns a participant list may have (besides e-mail and name). */
export const MAX_ATTRIBUTES = 50;
/** Longest attribute name (column header), in characters. */
export const MAX_ATTRIBUTE_NAME = 100;

/** Decode the bytes of an uploaded file: BOMs first, then strict UTF-8, otherwise Windows-1252 (Excel's "CSV (gescheiden door lijstscheidingsteken)"). */
export function decodeCsv(input: Uint8Array | string): { text: string; encoding: Encoding } {
  if (typeof input === 'string') return { text: input.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(input.subarray(3)), encoding: 'utf-8' };
  }
  if (input[0] === 0xff && input[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(input.subarray(2)), encoding: 'utf-16le' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(input), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(input), encoding: 'windows-1252' };
  }
}

// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, curly quotes, dashes, …); Node 20's
// TextDecoder('windows-1252') decodes that range as Latin-1 control characters, so map it here.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** Decode Windows-1252 bytes. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/** The delimiter that occurs most often (outside quotes) in the first line: `;`, `,` or tab. */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c] += 1;
  }
  if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

/**
 * RFC 4180 parsing with the line number where each record starts. Quoted fields may hold
 * delimiters, doubled quotes and line breaks; CRLF, LF and CR all end a line.
 */
export function parseCsv(text: string, delimiter: Delimiter): { records: CsvRecord[]; error?: { line: number; message: string } } {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i += 1;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) return { records, error: { line: quoteLine, message: 'Een aanhalingsteken (") wordt niet gesloten.' } };
          const chunk = text.slice(i, q);
          value += chunk;
          line += countLineBreaks(chunk);
          if (text[q + 1] === '"') {
            value += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        // Anything between the closing quote and the next delimiter is kept, as spreadsheets do.
        while (i < n && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i < n && text[i] === delimiter) {
        i += 1;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i += text[i + 1] === '\n' ? 2 : 1;
    else if (text[i] === '\n') i += 1;
    line += 1;
    records.push({ line: start, fields });
  }
  return { records };
}

function countLineBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13 && s.charCodeAt(k + 1) !== 10) count++;
  }
  return count;
}

const EMAIL_RE = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\.]+(\.[^\s@<>(),;:"[\]\\.]+)+$/;

/** Practical e-mail syntax check (what mail servers accept), at most 254 characters. */
export function isValidEmail(email: string): boolean {
  return email.length <= 254 && EMAIL_RE.test(email);
}

/** Addresses are compared and stored trimmed and lower-case. */
export function normalizeParticipantEmail(email: string): string {
  return email.trim().toLowerCase();
}

function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_-]+/g, '');
}

const EMAIL_HEADERS = new Set(['email', 'emailadres', 'emailaddress', 'mail', 'mailadres']);
const NAME_HEADERS = new Set(['naam', 'name', 'volledigenaam', 'fullname']);

/** An attribute's name: the header trimmed, lower-case, inner whitespace collapsed. */
export function attributeName(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Parse and check a participant file. `existing` holds the (normalized) addresses already in the
 * wave, so duplicates against the wave are reported like duplicates within the file.
 */
export function parseParticipantsCsv(input: Uint8Array | string, existing: ReadonlySet<string> = new Set()): ParticipantsCsv {
  const { text, encoding } = decodeCsv(input);
  const delimiter = detectDelimiter(text);
  const result: ParticipantsCsv = { encoding, delimiter, attributes: [], rows: [], errors: [], fileErrors: [] };
  const { records, error } = parseCsv(text, delimiter);
  if (error) {
    result.fileErrors.push(`Regel ${error.line}: ${error.message}`);
    return result;
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = nonEmpty[0];
  if (!header) {
    result.fileErrors.push('Het bestand is leeg.');
    return result;
  }
  const headers = header.fields.map((h) => h.trim());
  // Excel may leave empty trailing header cells (";;"): ignore those columns when they stay empty.
  while (headers.length > 0 && headers.at(-1) === '') headers.pop();
  const emailCol = headers.findIndex((h) => EMAIL_HEADERS.has(headerKey(h)));
  const nameCol = headers.findIndex((h) => NAME_HEADERS.has(headerKey(h)));
  if (emailCol === -1) {
    result.fileErrors.push(`Regel ${header.line}: geen kolom met het e-mailadres gevonden (verwacht een kolomkop "email", "e-mail" of "emailadres"; gevonden: ${headers.map((h) => `"${h}"`).join(', ') || 'niets'}).`);
    return result;
  }
  const attrCols: { index: number; name: string }[] = [];
  const seenHeaders = new Map<string, number>();
  headers.forEach((h, index) => {
    if (h === '') {
      result.fileErrors.push(`Regel ${header.line}: kolom ${index + 1} heeft geen naam.`);
      return;
    }
    const key = attributeName(h);
    if (key.length > MAX_ATTRIBUTE_NAME) {
      result.fileErrors.push(`Regel ${header.line}: de naam van kolom ${index + 1} is langer dan ${MAX_ATTRIBUTE_NAME} tekens.`);
      return;
    }
    const previous = seenHeaders.get(key);
    if (previous !== undefined) result.fileErrors.push(`Regel ${header.line}: de kolomnaam "${h}" komt twee keer voor (kolom ${previous + 1} en ${index + 1}).`);
    seenHeaders.set(key, index);
    if (index !== emailCol && index !== nameCol) attrCols.push({ index, name: key });
  });
  // every attribute becomes a column of the list and a response breakdown: their number is bounded here
  if (attrCols.length > MAX_ATTRIBUTES) {
    result.fileErrors.push(
      `Regel ${header.line}: het bestand heeft ${attrCols.length} kolommen met kenmerken (naast e-mailadres en naam); dat mogen er hoogstens ${MAX_ATTRIBUTES} zijn. Verwijder de kolommen die u niet nodig hebt.`,
    );
  }
  if (result.fileErrors.length > 0) return result;
  result.attributes = attrCols.map((c) => c.name);

  const firstLine = new Map<string, number>();
  for (const record of nonEmpty.slice(1)) {
    const { fields, line } = record;
    const rawEmail = (fields[emailCol] ?? '').trim();
    const problems: string[] = [];
    const extra = fields.slice(headers.length).filter((f) => f.trim() !== '');
    if (extra.length > 0) problems.push(`deze regel heeft meer kolommen (${fields.length}) dan de kopregel (${headers.length})`);
    const email = normalizeParticipantEmail(rawEmail);
    if (rawEmail === '') problems.push('e-mailadres ontbreekt');
    else if (!isValidEmail(email)) problems.push(`ongeldig e-mailadres "${rawEmail}"`);
    else if (existing.has(email)) problems.push(`het adres ${email} staat al in deze ronde`);
    else {
      const earlier = firstLine.get(email);
      if (earlier !== undefined) problems.push(`het adres ${email} komt al voor op regel ${earlier}`);
      else firstLine.set(email, line);
    }
    const name = nameCol >= 0 ? (fields[nameCol] ?? '').trim() : '';
    if (name.length > MAX_FIELD) problems.push(`de naam is langer dan ${MAX_FIELD} tekens`);
    const attributes: Record<string, string> = {};
    for (const { index, name: attr } of attrCols) {
      const value = (fields[index] ?? '').trim();
      if (value.length > MAX_FIELD) problems.push(`kolom "${attr}" is langer dan ${MAX_FIELD} tekens`);
      attributes[attr] = value;
    }
    if (problems.length > 0) {
      result.errors.push({ line, email: rawEmail, message: capitalize(problems.join('; ')) });
      continue;
    }
    result.rows.push({ line, email, name: name === '' ? null : name, attributes });
  }
  return result;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
