/**
 * Redacting an open answer: a researcher may only take things out. The redacted text is the answer
 * with some parts replaced by a marker in square brackets — [naam], [organisatie], […] — and every
 * other character as the respondent typed it. checkRedaction() enforces that, so a redaction can
 * never put words in a respondent's mouth; it runs in linear time (each fixed piece is found with one
 * indexOf, earliest first, which is optimal for pieces that must appear in order).
 */

/** A marker: a word or two in square brackets, at most 30 characters, no line break. */
const MARKER = /\[[^[\]\n]{1,30}\]/g;

/** The markers a researcher is offered. */
export const SUGGESTED_MARKERS = ['[naam]', '[organisatie]', '[plaats]', '[…]'] as const;

/** Longest redacted text accepted (an answer is at most a few thousand characters). */
export const MAX_REDACTED_LENGTH = 10_000;

export type RedactionCheck = { ok: true; text: string } | { ok: false; message: string };

/** Line endings as one character, so a textarea's CRLF matches the stored answer. */
function lines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Whether `redacted` is `original` with parts replaced by markers (each marker standing for at least
 * one character). Returns the text to store, or a Dutch message saying what is wrong.
 */
export function checkRedaction(original: string, redacted: string): RedactionCheck {
  const given = lines(redacted).trim();
  const source = lines(original);
  if (given === '') return { ok: false, message: 'Laat een tekst over, of kies ‘Helemaal verbergen’.' };
  if (given.length > MAX_REDACTED_LENGTH) return { ok: false, message: `De tekst is te lang (${given.length} tekens).` };
  if (given === source.trim()) return { ok: false, message: 'Er is niets weggelaten: vervang wat weg moet door bijvoorbeeld [naam].' };
  const pieces = given.split(MARKER);
  if (pieces.length === 1) return { ok: false, message: 'Vervang wat weg moet door een aanduiding tussen vierkante haken, zoals [naam] of […]; verder mag de tekst niet veranderen.' };
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const start = source.trim();
  if (!start.startsWith(first)) return mismatch(first);
  let at = first.length;
  for (const piece of pieces.slice(1, -1)) {
    // the marker before this piece stands for at least one character
    const found = start.indexOf(piece, at + 1);
    if (found < 0) return mismatch(piece);
    at = found + piece.length;
  }
  // the last piece ends the text, after at least one removed character
  if (!start.endsWith(last) || start.length - last.length < at + 1) return mismatch(last);
  return { ok: true, text: given };
}

function mismatch(piece: string): RedactionCheck {
  const shown = piece.trim().length > 40 ? `${piece.trim().slice(0, 40)}…` : piece.trim();
  return {
    ok: false,
    message: shown
      ? `‘${shown}’ staat zo niet in het antwoord. U mag alleen delen vervangen door [naam], [organisatie] of […]; verder mag de tekst niet veranderen.`
      : 'U mag alleen delen vervangen door [naam], [organisatie] of […]; verder mag de tekst niet veranderen.',
  };
}
