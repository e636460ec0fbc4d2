/**
 * How Excel with Dutch regional settings opens a .csv file that is double-clicked (no import wizard):
 * - the encoding is UTF-8 only when the file starts with a byte-order mark, otherwise the Windows
 *   ANSI code page (1252);
 * - the separator is the regional list separator, ";" in Dutch settings, unless the first line is
 *   "sep=<c>" (which also makes Excel ignore the byte-order mark);
 * - fields follow RFC 4180: double quotes around a field that holds the separator, a quote or a line
 *   break, a quote doubled inside;
 * - a cell that reads as a Dutch number (decimal comma, optional thousands dots) becomes a number.
 * Written for the tests; Microsoft documents the parts in "Import or export text (.txt or .csv) files".
 */

export interface ExcelSheet {
  encoding: 'utf-8' | 'windows-1252';
  separator: string;
  rows: string[][];
}

/** Open the bytes as Dutch Excel does. */
export function openAsDutchExcel(bytes: Buffer): ExcelSheet {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text = bom ? bytes.subarray(3).toString('utf8') : new TextDecoder('windows-1252').decode(bytes);
  let separator = ';';
  const sep = /^sep=(.)\r?\n/.exec(text);
  if (sep) {
    separator = sep[1]!;
    text = text.slice(sep[0].length);
    // with a sep= line Excel reads the bytes as ANSI, whatever the mark said
    if (bom) text = new TextDecoder('windows-1252').decode(bytes.subarray(3 + Buffer.byteLength(sep[0])));
  }
  return { encoding: bom && !sep ? 'utf-8' : 'windows-1252', separator, rows: splitFields(text, separator) };
}

function splitFields(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === separator) {
      row.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A cell as Dutch Excel types it: a number when it reads as one with a decimal comma, else the text. */
export function excelValue(cell: string): number | string | null {
  if (cell === '') return null;
  if (/^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/.test(cell)) return Number(cell.replace(/\./g, '').replace(',', '.'));
  return cell;
}
