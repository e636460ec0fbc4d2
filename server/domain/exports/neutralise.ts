/**
 * Spreadsheet formula injection: Excel, LibreOffice and Google Sheets treat a cell that starts with
 * = + - @ (and, in some versions, a tab or carriage return) as a formula, even in a CSV file. Every
 * free-text cell of a download passes through here, so a respondent's answer can never run as one.
 * (OWASP, "CSV Injection": prefix such cells with an apostrophe.)
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text would start a formula in a spreadsheet. */
export function startsFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text with a leading apostrophe when it would otherwise start a formula; other text unchanged. */
export function neutralise(text: string): string {
  return startsFormula(text) ? `'${text}` : text;
}
