import { describe, expect, it } from 'vitest';
import { parseReminderDays, reminderSchedule, sendDecision } from '../../../server/domain/fieldwork/reminderPolicy.js';

const person = { eligible: true, optedOut: false, bounced: false, completed: false };

describe('reminder schedule', () => {
  it('puts round i reminder_days[i-1] days after the person’s own invitation', () => {
    const sent = new Date('2014-11-15T09:30:00Z');
    const schedule = reminderSchedule([7, 14, 21], sent, new Date('2014-12-20T23:00:00Z'));
    expect(schedule.map((r) => [r.round, r.dueAt.toISOString()])).toEqual([
      [1, '2014-11-22T09:30:00.000Z'],
      [2, '2014-11-29T09:30:00.000Z'],
      [3, '2014-12-06T09:30:00.000Z'],
    ]);
  });

  it('drops rounds that would fall at or after closing', () => {
    const sent = new Date('2014-12-01T09:00:00Z');
    expect(reminderSchedule([7, 14, 21], sent, new Date('2014-12-15T09:00:00Z')).map((r) => r.round)).toEqual([1]);
    expect(reminderSchedule([7], sent, new Date('2014-12-08T09:00:00Z'))).toEqual([]);
  });

  it('reads the wave’s reminder days sorted, and refuses nonsense', () => {
    expect(parseReminderDays('[14, 7, 21]')).toEqual([7, 14, 21]);
    expect(parseReminderDays('[]')).toEqual([]);
    expect(() => parseReminderDays('[0]')).toThrow();
    expect(() => parseReminderDays('{"a":1}')).toThrow();
    expect(() => parseReminderDays('not json')).toThrow();
  });
});

describe('send decision at the moment of sending', () => {
  it('sends to an eligible person who has not completed, also when started', () => {
    expect(sendDecision(person)).toEqual({ send: true });
  });

  it('skips the ineligible, opted out, bounced and completed, in that order of reasons', () => {
    expect(sendDecision({ ...person, eligible: false, optedOut: true })).toEqual({ send: false, reason: 'ineligible' });
    expect(sendDecision({ ...person, optedOut: true, bounced: true })).toEqual({ send: false, reason: 'opted-out' });
    expect(sendDecision({ ...person, bounced: true, completed: true })).toEqual({ send: false, reason: 'bounced' });
    expect(sendDecision({ ...person, completed: true })).toEqual({ send: false, reason: 'completed' });
  });
});
