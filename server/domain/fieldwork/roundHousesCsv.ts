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

const isHeader = (fields: string[]) => /^(veiligheids)?huis$/i.test((fields[0] ?? '').trim());

/** The rows of the file, or its faults (then no row counts: a round is created whole or not at all). */
export function parseRoundHousesCsv(input: Uint8Array | string): { rows: RoundHouseRow[]; errors: string[] } {
  const { text } = decodeCsv(input);
  const { records, error } = parseCsv(text, detectDelimiter(text));
  if (error) return { rows: [], errors: [`Regel ${error.line}: ${error.message}`] };
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const data = nonEmpty[0] && isHeader(nonEmpty[0].fields) ? nonEmpty.slice(1) : nonEmpty;
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
