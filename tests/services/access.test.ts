import { describe, expect, it } from 'vitest';
import { canManageAccounts, canManageWaves, canReadResults, homePath } from '../../server/services/access.js';
import { userOf } from './support.js';

describe('access decisions', () => {
  const researcher = userOf('researcher');
  const evaluator = userOf('evaluator');
  const wave = { id: 'W1', house: 'Veiligheidshuis Testregio' };

  it('lets researchers manage waves, participants, mail and accounts, and evaluators none of it', () => {
    expect([canManageWaves(researcher), canManageAccounts(researcher)]).toEqual([true, true]);
    expect([canManageWaves(evaluator), canManageAccounts(evaluator)]).toEqual([false, false]);
  });

  it('lets both read the results of every wave', () => {
    for (const user of [researcher, evaluator]) {
      expect(canReadResults(user)).toBe(true);
      expect(canReadResults(user, wave)).toBe(true);
    }
  });

  it('sends each to the first page they may use', () => {
    expect(homePath(researcher)).toBe('/admin/waves');
    expect(homePath(evaluator)).toBe('/admin/results');
  });
});
