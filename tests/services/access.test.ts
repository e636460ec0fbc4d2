import { describe, expect, it } from 'vitest';
import { canActorReadResults, canEditOpenAnswers, canManageAccounts, canManageWaves, canReadResults, homePath } from '../../server/services/access.js';
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

  it('lets researchers, not evaluators, hide, redact and code open answers', () => {
    expect([canEditOpenAnswers(researcher), canEditOpenAnswers(researcher, wave)]).toEqual([true, true]);
    expect([canEditOpenAnswers(evaluator), canEditOpenAnswers(evaluator, wave)]).toEqual([false, false]);
  });

  it('reads results for an actor: a user by their rights, the command line every wave, nobody else', () => {
    expect(canActorReadResults({ user: evaluator }, wave)).toBe(true);
    expect(canActorReadResults({ system: 'cli' }, wave)).toBe(true);
    expect(canActorReadResults({ system: 'retention' }, wave)).toBe(false);
    expect(canActorReadResults({ claimed: 'iemand@example.test' }, wave)).toBe(false);
  });

  it('sends each to the first page they may use', () => {
    expect(homePath(researcher)).toBe('/admin/waves');
    expect(homePath(evaluator)).toBe('/admin/results');
  });
});
