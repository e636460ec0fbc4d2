import { describe, expect, it } from 'vitest';
import { disposition, type PersonState } from '../../../server/domain/fieldwork/dispositions.js';

const base: PersonState = { eligible: true, status: 'invited', optedOut: false, bounced: false };

describe('AAPOR dispositions of persons', () => {
  it('gives each person exactly one disposition', () => {
    expect(disposition(base)).toBe('noAnswer');
    expect(disposition({ ...base, status: null })).toBe('noAnswer');
    expect(disposition({ ...base, status: 'completed' })).toBe('complete');
    expect(disposition({ ...base, status: 'started' })).toBe('partial');
    expect(disposition({ ...base, optedOut: true })).toBe('optedOut');
    expect(disposition({ ...base, bounced: true })).toBe('nonContact');
    expect(disposition({ ...base, eligible: false })).toBe('ineligible');
  });

  it('ineligibility takes a person out whatever else happened', () => {
    expect(disposition({ eligible: false, status: 'completed', optedOut: true, bounced: true })).toBe('ineligible');
  });

  it('a response counts before a later opt-out or bounce', () => {
    expect(disposition({ ...base, status: 'completed', optedOut: true })).toBe('complete');
    expect(disposition({ ...base, status: 'started', optedOut: true })).toBe('partial');
    expect(disposition({ ...base, status: 'completed', bounced: true })).toBe('complete');
  });

  it('an opt-out is a refusal even when the address later bounced', () => {
    expect(disposition({ ...base, optedOut: true, bounced: true })).toBe('optedOut');
  });
});
