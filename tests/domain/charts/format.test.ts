import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDecimal,
  formatFraction,
  formatInterval,
  formatLongDay,
  formatPercent,
  formatSigned,
} from '../../../server/domain/charts/format.js';

describe('Dutch number formatting', () => {
  it('uses a decimal comma and rounds half away from zero as Intl does', () => {
    expect(formatDecimal(3.05)).toBe('3,05');
    expect(formatDecimal(3.0549)).toBe('3,05');
    expect(formatDecimal(0.8213, 2)).toBe('0,82');
    expect(formatDecimal(2, 0)).toBe('2');
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
    expect(formatPercent(55)).toBe('55 %');
  });

  it('shows a dash for what is not there', () => {
    expect(formatDecimal(null)).toBe('–');
    expect(formatDecimal(Number.NaN)).toBe('–');
    expect(formatFraction(null)).toBe('–');
    expect(formatInterval(null)).toBe('–');
  });

  it('formats counts, intervals and days', () => {
    expect(formatCount(1234)).toBe('1.234');
    expect(formatInterval([0.7812, 0.8901])).toBe('[0,78; 0,89]');
    expect(formatLongDay('2014-11-15')).toBe('15 november 2014');
  });
});
