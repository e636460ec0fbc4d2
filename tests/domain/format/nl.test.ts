import { describe, expect, it } from 'vitest';
import {
  DASH,
  dutchDay,
  formatCount,
  formatDecimal,
  formatDutchDate,
  formatDutchDateTime,
  formatFraction,
  formatInterval,
  formatLongDay,
  formatNumber,
  formatPercent,
  formatShortDay,
  formatSigned,
} from '../../../server/domain/format/nl.js';

describe('Dutch number formatting', () => {
  it('uses a decimal comma and rounds half away from zero as Intl does', () => {
    expect(formatDecimal(3.05)).toBe('3,05');
    expect(formatDecimal(3.0549)).toBe('3,05');
    expect(formatDecimal(0.8213, 2)).toBe('0,82');
    expect(formatDecimal(2, 0)).toBe('2');
    expect(formatDecimal(1234.5, 1)).toBe('1.234,5');
  });

  it('writes a minus sign, never −0', () => {
    expect(formatDecimal(-0.304)).toBe('−0,30');
    expect(formatDecimal(-0.001)).toBe('0,00');
    expect(formatSigned(0.12)).toBe('+0,12');
    expect(formatSigned(-0.3)).toBe('−0,30');
    expect(formatSigned(-0.001)).toBe('0,00');
  });

  it('formats percentages with a space before the sign (48,0 %)', () => {
    expect(formatFraction(73 / 152)).toBe('48,0 %');
    expect(formatFraction(0.5, 0)).toBe('50 %');
    expect(formatPercent(55)).toBe('55 %');
    expect(formatPercent(12.345, 1)).toBe('12,3 %');
  });

  it('shows a dash for what is not there', () => {
    expect(DASH).toBe('–');
    for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(formatDecimal(missing)).toBe('–');
      expect(formatCount(missing)).toBe('–');
      expect(formatFraction(missing)).toBe('–');
      expect(formatPercent(missing)).toBe('–');
      expect(formatSigned(missing)).toBe('–');
    }
    expect(formatInterval(null)).toBe('–');
  });

  it('formats counts and intervals', () => {
    expect(formatCount(1234)).toBe('1.234');
    expect(formatCount(-3)).toBe('−3');
    expect(formatInterval([0.7812, 0.8901])).toBe('[0,78; 0,89]');
  });

  it('echoes a typed number exactly, with a comma that parses again', () => {
    expect(formatNumber(12.5)).toBe('12,5');
    expect(formatNumber(1000)).toBe('1000');
    expect(formatNumber(-3.25)).toBe('-3,25');
  });
});

describe('Dutch dates', () => {
  it('writes calendar days for tables and axes', () => {
    expect(formatLongDay('2014-11-15')).toBe('15 november 2014');
    expect(formatShortDay('2014-11-15')).toBe('15 nov');
  });

  it('shows an instant as its day and time in Dutch time, across summer time', () => {
    expect(dutchDay('2026-12-20T22:59:59.999Z')).toBe('2026-12-20');
    expect(dutchDay('2026-12-20T23:30:00Z')).toBe('2026-12-21');
    expect(dutchDay(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(formatDutchDate('2026-12-20T22:59:59.999Z')).toBe('20 december 2026');
    expect(formatDutchDateTime('2026-12-20T22:59:00Z')).toBe('20 december 2026 om 23:59');
    expect(formatDutchDateTime('2026-07-01T07:05:00Z')).toBe('1 juli 2026 om 09:05');
  });
});
