/**
 * Numbers, percentages and dates as a Dutch reader expects them: decimal comma (3,05), a full stop
 * between thousands (1.234), a space before the percent sign (48,0 %), a real minus sign, "–" for a
 * value that is not shown, and dates in Dutch time ("20 december 2026 om 23:59"). The one place such
 * text is made: the results pages, the charts beside them, the workbook's notes, e-mails, the
 * respondent pages and the command line all print the same digits.
 */

/** The time zone of every date shown or stored as a calendar day. */
export const TIME_ZONE = 'Europe/Amsterdam';

/** Shown instead of a value that is suppressed or cannot be computed. */
export const DASH = '–';

const decimalFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(decimals: number, signed: boolean): Intl.NumberFormat {
  const key = `${decimals}:${signed}`;
  let format = decimalFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('nl-NL', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
      signDisplay: signed ? 'exceptZero' : 'auto',
      useGrouping: true,
    });
    decimalFormats.set(key, format);
  }
  return format;
}

/** Intl writes a hyphen-minus; typeset tables use the minus sign (U+2212). */
function minus(text: string): string {
  return text.replace('-', '−');
}

function shown(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** A number with a fixed number of decimals and a decimal comma (3,05); "–" for null or a non-finite value. */
export function formatDecimal(value: number | null | undefined, decimals = 2): string {
  if (!shown(value)) return DASH;
  const text = minus(numberFormat(decimals, false).format(value));
  // −0,00 reads as an error in a table
  return text === `−${numberFormat(decimals, false).format(0)}` ? numberFormat(decimals, false).format(0) : text;
}

/** A difference with its sign (+0,12, −0,30, 0,00); "–" for null. */
export function formatSigned(value: number | null | undefined, decimals = 2): string {
  if (!shown(value)) return DASH;
  const rounded = Number(value.toFixed(decimals));
  return minus(numberFormat(decimals, true).format(rounded === 0 ? 0 : rounded));
}

/** A whole number with a thousands separator (1.234); "–" for null. */
export function formatCount(value: number | null | undefined): string {
  if (!shown(value)) return DASH;
  return minus(numberFormat(0, false).format(value));
}

/** A fraction (0.4803) as a percentage with a space before the sign (48,0 %); "–" for null. */
export function formatFraction(value: number | null | undefined, decimals = 1): string {
  if (!shown(value)) return DASH;
  return `${formatDecimal(value * 100, decimals)} %`;
}

/** A number that already is a percentage (48) as "48 %"; "–" for null. */
export function formatPercent(value: number | null | undefined, decimals = 0): string {
  if (!shown(value)) return DASH;
  return `${formatDecimal(value, decimals)} %`;
}

/** An interval as "[0,78; 0,89]" (semicolon, since the comma is the decimal separator). */
export function formatInterval(interval: readonly [number, number] | null | undefined, decimals = 2): string {
  if (!interval) return DASH;
  return `[${formatDecimal(interval[0], decimals)}; ${formatDecimal(interval[1], decimals)}]`;
}

/**
 * A number exactly as given, with a decimal comma and no grouping or minus sign (12,5; 1000; -3): what
 * a respondent typed or a questionnaire author wrote, echoed in a message or put back in a form field
 * (where it must parse again).
 */
export function formatNumber(n: number): string {
  return String(n).replace('.', ',');
}

const shortDay = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function noon(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/** A calendar day (YYYY-MM-DD) as "15 nov" for an axis. */
export function formatShortDay(day: string): string {
  return shortDay.format(noon(day));
}

/** A calendar day (YYYY-MM-DD) as "15 november 2014". */
export function formatLongDay(day: string): string {
  return longDay.format(noon(day));
}

const dutchDate = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const dutchDateTime = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
// en-CA writes the ISO order YYYY-MM-DD
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** An instant as its day in Dutch time: "20 december 2026". */
export function formatDutchDate(iso: string | Date): string {
  return dutchDate.format(new Date(iso));
}

/** An instant in Dutch time: "20 december 2026 om 23:59". */
export function formatDutchDateTime(iso: string | Date): string {
  return dutchDateTime.format(new Date(iso));
}

/** The calendar day (YYYY-MM-DD) of an instant in Dutch time: a date input's value, a response's date. */
export function dutchDay(iso: string | Date): string {
  const at = new Date(iso);
  // every save of an anonymous wave's draft asks for the day of "now" (Intl's format ~1.5 us a call):
  // within one minute the Dutch day is the same (its offsets are whole hours)
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute === lastDay.minute) return lastDay.day;
  const day = isoDay.format(at);
  if (Number.isFinite(minute)) lastDay = { minute, day };
  return day;
}

let lastDay = { minute: NaN, day: '' };

const dutchTime = new Intl.DateTimeFormat('nl-NL', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });

/** An instant's time in Dutch time, "09:42" (rounded up to the next minute: "try again after" must not be too early); with the date when asked. */
export function formatDutchTime(iso: string | Date, options: { withDate?: boolean } = {}): string {
  const at = new Date(Math.ceil(new Date(iso).getTime() / 60_000) * 60_000);
  return options.withDate ? formatDutchDateTime(at) : dutchTime.format(at);
}
