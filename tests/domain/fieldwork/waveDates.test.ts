import { describe, expect, it } from 'vitest';
import { parseDay, parseWaveMoment } from '../../../server/domain/fieldwork/waveDates.js';

describe('wave dates in Dutch time', () => {
  it('opens at the start and closes at the end of a Dutch calendar day, across summer time', () => {
    expect(parseWaveMoment('2026-12-20', 'end')?.toISOString()).toBe('2026-12-20T22:59:59.999Z');
    expect(parseWaveMoment('2026-07-01', 'start')?.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    // 29 March 2026: clocks go forward at 02:00, the day starts in winter time and ends in summer time
    expect(parseWaveMoment('2026-03-29', 'start')?.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(parseWaveMoment('2026-03-29', 'end')?.toISOString()).toBe('2026-03-29T21:59:59.999Z');
  });

  it('accepts full ISO times with an offset and rejects anything else', () => {
    expect(parseWaveMoment('2026-11-23T10:15:00Z', 'start')?.toISOString()).toBe('2026-11-23T10:15:00.000Z');
    expect(parseWaveMoment('2026-11-23T10:15:00+01:00', 'end')?.toISOString()).toBe('2026-11-23T09:15:00.000Z');
    for (const bad of ['', '23-11-2026', '2026-13-01', '2026-02-29', '2026-11-23T10:15', 'morgen']) expect(parseWaveMoment(bad, 'start'), bad).toBeNull();
    expect(parseDay('2028-02-29')).toEqual({ y: 2028, m: 2, d: 29 });
  });

});
