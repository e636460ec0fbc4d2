/**
 * Wave dates are entered as calendar days in Dutch time: a wave opens at the start of its open day
 * and closes at the end of its close day (Europe/Amsterdam), stored as UTC ISO strings.
 */
import { TIME_ZONE } from '../format/nl.js';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function zoneParts(t: number): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(partsFormat.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** Offset of Dutch time from UTC at instant t, in ms. */
function offsetAt(t: number): number {
  const p = zoneParts(t);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The UTC instant of a wall-clock time in Dutch time. */
export function dutchTimeToUtc(y: number, m: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const guess = Date.UTC(y, m - 1, d, h, mi, s, ms);
  const first = guess - offsetAt(guess);
  // a second pass settles days on which the clock changes
  return new Date(guess - offsetAt(first));
}

/** A valid calendar date `YYYY-MM-DD`, or null. */
export function parseDay(text: string): { y: number; m: number; d: number } | null {
  const match = DATE_RE.exec(text.trim());
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return { y, m, d };
}

/**
 * A wave's open or close moment from `YYYY-MM-DD` (start or end of that Dutch day) or from a full
 * ISO date-time with offset; null when unreadable.
 */
export function parseWaveMoment(text: string, edge: 'start' | 'end'): Date | null {
  const day = parseDay(text);
  if (day) {
    return edge === 'start' ? dutchTimeToUtc(day.y, day.m, day.d) : dutchTimeToUtc(day.y, day.m, day.d, 23, 59, 59, 999);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())) {
    const t = Date.parse(text.trim());
    return Number.isNaN(t) ? null : new Date(t);
  }
  return null;
}
