/**
 * The houses of a national round from CSV: `huis;e-mail coördinator`, read like a participant list
 * (any BOM or encoding, `;`, `,` or tab). A header row is optional; the coordinator column may be
 * empty. Faults are Dutch, by line, so the file can be fixed in Excel.
 */
import { decodeCsv, detectDelimiter, isValidEmail, parseCsv } from './participantsCsv.js';

export interface RoundHouseRow {
  line: number;
  house: string;
  /** Lower-cased, or null when the column is empty. */
  coordinatorEmail: string | null;
}

/** Houses a round may have: the country has 33 Veiligheidshuizen, the rest is room for test and merged houses. */
export const MAX_ROUND_HOUSES = 100;

/** A houses file's bytes: 33 houses with their coordinators' addresses take some 2 kB. */
export const MAX_ROUND_FILE_BYTES = 64 * 1024;
/** Lines a houses file may have (blank ones included), checked before it is parsed. */
export const MAX_ROUND_FILE_LINES = 1000;

const HOUSE_HEADER = /^(veiligheids)?huis$/i;
const EMAIL_HEADER = /^e-?mail/i;

/** The header row, if the first row is one: "huis" first and "e-mail …" (or nothing) second; either name elsewhere is a wrong header. */
function headerOf(fields: string[]): 'good' | 'wrong' | null {
  const first = (fields[0] ?? '').trim();
  const second = (fields[1] ?? '').trim();
  if (HOUSE_HEADER.test(first)) return EMAIL_HEADER.test(second) || second === '' ? 'good' : 'wrong';
  const named = (f: string) => (EMAIL_HEADER.test(f) && !f.includes('@')) || HOUSE_HEADER.test(f);
  return named(first) || named(second) ? 'wrong' : null;
}

const WRONG_FILE =
  'Het bestand is geen CSV-tekstbestand. Sla het in Excel op als "CSV (gescheiden door lijstscheidingsteken)" of als "CSV UTF-8", met de kolommen huis en e-mail coördinator.';

/** The rows of the file, or its faults (then no row counts: a round is created whole or not at all). */
export function parseRoundHousesCsv(input: Uint8Array | string): { rows: RoundHouseRow[]; errors: string[] } {
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > MAX_ROUND_FILE_BYTES) return { rows: [], errors: [`Het bestand is te groot: hoogstens ${MAX_ROUND_FILE_BYTES / 1024} kB (een ronde heeft hoogstens ${MAX_ROUND_HOUSES} huizen).`] };
  const { text } = decodeCsv(input);
  // a workbook, a UTF-16 file without its BOM or any other binary file decodes to control characters
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return { rows: [], errors: [WRONG_FILE] };
  const lines = text.split(/\r\n|\r|\n/).length;
  if (lines > MAX_ROUND_FILE_LINES) return { rows: [], errors: [`Het bestand heeft ${lines} regels; een ronde heeft hoogstens ${MAX_ROUND_HOUSES} huizen.`] };
  const { records, error } = parseCsv(text, detectDelimiter(text));
  if (error) return { rows: [], errors: [`Regel ${error.line}: ${error.message}`] };
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = nonEmpty[0] ? headerOf(nonEmpty[0].fields) : null;
  if (header === 'wrong')
    return { rows: [], errors: [`Regel ${nonEmpty[0]!.line}: verwacht de kolommen "huis" en "e-mail coördinator", in die volgorde; gevonden: ${nonEmpty[0]!.fields.map((f) => `"${f.trim()}"`).join(', ')}.`] };
  const data = header === 'good' ? nonEmpty.slice(1) : nonEmpty;
  const rows: RoundHouseRow[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  for (const record of data) {
    const house = (record.fields[0] ?? '').trim();
    const email = (record.fields[1] ?? '').trim().toLowerCase();
    if (house === '') errors.push(`Regel ${record.line}: de naam van het huis ontbreekt.`);
    else if (seen.has(house.toLowerCase())) errors.push(`Regel ${record.line}: ${house} staat ook al op regel ${seen.get(house.toLowerCase())}.`);
    else if (email !== '' && !isValidEmail(email)) errors.push(`Regel ${record.line}: "${record.fields[1]!.trim()}" is geen geldig e-mailadres.`);
    else if (record.fields.slice(2).some((f) => f.trim() !== '')) errors.push(`Regel ${record.line}: verwacht twee kolommen (huis en e-mail coördinator).`);
    else rows.push({ line: record.line, house, coordinatorEmail: email === '' ? null : email });
    if (house !== '' && !seen.has(house.toLowerCase())) seen.set(house.toLowerCase(), record.line);
  }
  if (data.length === 0) errors.push('Het bestand bevat geen huizen.');
  if (data.length > MAX_ROUND_HOUSES) return { rows: [], errors: [`Een ronde heeft hoogstens ${MAX_ROUND_HOUSES} huizen; het bestand heeft er ${data.length}.`] };
  return errors.length > 0 ? { rows: [], errors } : { rows, errors };
}
