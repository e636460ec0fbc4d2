/**
 * Numbers and dates as a Dutch reader expects them: decimal comma (3,05), a space before the percent
 * sign (48,0 %), a real minus sign, and "–" for a value that is not shown. Used by the charts and by
 * every results template, so a table and the chart beside it print the same digits.
 */

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

/** A number with a fixed number of decimals and a decimal comma (3,05); "–" for null or a non-finite value. */
export function formatDecimal(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const text = minus(numberFormat(decimals, false).format(value));
  // −0,00 reads as an error in a table
  return text === `−${numberFormat(decimals, false).format(0)}` ? numberFormat(decimals, false).format(0) : text;
}

/** A difference with its sign (+0,12, −0,30, 0,00); "–" for null. */
export function formatSigned(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const rounded = Number(value.toFixed(decimals));
  return minus(numberFormat(decimals, true).format(rounded === 0 ? 0 : rounded));
}

/** A whole number with a thousands separator (1.234); "–" for null. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return minus(numberFormat(0, false).format(value));
}

/** A fraction (0.4803) as a percentage with a space before the sign (48,0 %); "–" for null. */
export function formatFraction(value: number | null | undefined, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${formatDecimal(value * 100, decimals)} %`;
}

/** A number that already is a percentage (48) as "48 %"; "–" for null. */
export function formatPercent(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${formatDecimal(value, decimals)} %`;
}

/** An interval as "[0,78; 0,89]" (semicolon, since the comma is the decimal separator). */
export function formatInterval(interval: readonly [number, number] | null | undefined, decimals = 2): string {
  if (!interval) return DASH;
  return `[${formatDecimal(interval[0], decimals)}; ${formatDecimal(interval[1], decimals)}]`;
}

const shortDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDate = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function noon(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/** A calendar day (YYYY-MM-DD) as "15 nov." for an axis. */
export function formatShortDay(day: string): string {
  return shortDate.format(noon(day));
}

/** A calendar day (YYYY-MM-DD) as "15 november 2014". */
export function formatLongDay(day: string): string {
  return longDate.format(noon(day));
}
