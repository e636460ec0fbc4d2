import { describe, expect, it } from 'vitest';
import type { Grant } from '../../server/db/database.js';
import {
  actorSeesEveryHouse,
  can,
  canActorReadResults,
  canEditOpenAnswers,
  canManageWaves,
  canReadResults,
  grantFrom,
  homePath,
  housesFor,
  seesEveryHouse,
  twoFactorRequired,
} from '../../server/services/access.js';
import { userOf } from './support.js';

const A = 1;
const B = 2;

describe('access decisions', () => {
  const researcher = userOf('researcher');
  const evaluator = userOf('evaluator');
  const coordinator = userOf([{ kind: 'coordinator', houseId: A }]);
  const houseEvaluator = userOf([{ kind: 'evaluator', houseId: A }]);
  const nobody = userOf([]);

  it('gives a landelijk onderzoeker everything on every house', () => {
    for (const capability of ['manageWaves', 'readResults', 'editOpenAnswers', 'manageEvaluators', 'manageAccounts', 'manageHouses', 'readAudit'] as const) {
      expect(housesFor(researcher, capability)).toBe('all');
    }
  });

  it('gives a landelijk evaluator the results of every house and nothing else', () => {
    expect(housesFor(evaluator, 'readResults')).toBe('all');
    expect([canManageWaves(evaluator), can(evaluator, 'manageAccounts'), can(evaluator, 'readAudit')]).toEqual([false, false, false]);
    expect(seesEveryHouse(evaluator)).toBe(true);
  });

  it('gives a coordinator their own house: waves, results and its evaluators, never national work', () => {
    expect(housesFor(coordinator, 'manageWaves')).toEqual([A]);
    expect(housesFor(coordinator, 'readResults')).toEqual([A]);
    expect(housesFor(coordinator, 'manageEvaluators')).toEqual([A]);
    expect([can(coordinator, 'manageWaves', B), can(coordinator, 'manageAccounts'), can(coordinator, 'manageHouses'), can(coordinator, 'readAudit')]).toEqual([false, false, false, false]);
    expect(canReadResults(coordinator, { house_id: A })).toBe(true);
    expect(canReadResults(coordinator, { house_id: B })).toBe(false);
    expect(seesEveryHouse(coordinator)).toBe(false);
  });

  it('gives a house evaluator the results of that house only, and other houses only pooled', () => {
    expect(housesFor(houseEvaluator, 'readResults')).toEqual([A]);
    expect(housesFor(houseEvaluator, 'manageWaves')).toEqual([]);
    expect(canReadResults(houseEvaluator, { house_id: B })).toBe(false);
    expect(seesEveryHouse(houseEvaluator)).toBe(false);
  });

  it('combines grants: the union of what each allows', () => {
    const both = userOf([{ kind: 'coordinator', houseId: A }, { kind: 'evaluator', houseId: B }]);
    expect(housesFor(both, 'readResults')).toEqual([A, B]);
    expect(housesFor(both, 'manageWaves')).toEqual([A]);
  });

  it('requires two-factor login for grants that see participant lists or raw data; evaluators may be relaxed', () => {
    const grants = (g: Grant[]) => [twoFactorRequired(g, 'required'), twoFactorRequired(g, 'optional')];
    expect(grants([{ kind: 'national-researcher' }])).toEqual([true, true]);
    expect(grants([{ kind: 'coordinator', houseId: A }])).toEqual([true, true]);
    expect(grants([{ kind: 'evaluator', houseId: A }])).toEqual([true, false]);
    expect(grants([{ kind: 'national-evaluator' }])).toEqual([true, false]);
    expect(grants([])).toEqual([false, false]);
  });

  it('reads grants as the command line spells them', () => {
    expect(grantFrom('coordinator', 3)).toEqual({ kind: 'coordinator', houseId: 3 });
    expect(grantFrom('national-evaluator')).toEqual({ kind: 'national-evaluator' });
    expect(grantFrom('coordinator')).toBeNull();
    expect(grantFrom('national-researcher', 3)).toBeNull();
    expect(grantFrom('admin')).toBeNull();
  });

  it('lets who holds researcher rights for the wave\'s house hide, redact and code its open answers, no evaluator', () => {
    const own = { house_id: A };
    const other = { house_id: B };
    expect([canEditOpenAnswers(researcher), canEditOpenAnswers(researcher, own), canEditOpenAnswers(researcher, other)]).toEqual([true, true, true]);
    expect([canEditOpenAnswers(coordinator), canEditOpenAnswers(coordinator, own), canEditOpenAnswers(coordinator, other)]).toEqual([true, true, false]);
    for (const user of [evaluator, houseEvaluator, nobody]) expect([canEditOpenAnswers(user), canEditOpenAnswers(user, own)]).toEqual([false, false]);
    // an evaluator grant on a house adds no editing to a coordinator's other house
    const both = userOf([{ kind: 'coordinator', houseId: A }, { kind: 'evaluator', houseId: B }]);
    expect([canEditOpenAnswers(both, own), canEditOpenAnswers(both, other)]).toEqual([true, false]);
  });

  it('reads results for an actor: a user by their grants, the command line every wave, nobody else', () => {
    const own = { house_id: A };
    const other = { house_id: B };
    expect([canActorReadResults({ user: evaluator }, own), canActorReadResults({ user: evaluator }, other)]).toEqual([true, true]);
    expect([canActorReadResults({ user: houseEvaluator }, own), canActorReadResults({ user: houseEvaluator }, other)]).toEqual([true, false]);
    expect(canActorReadResults({ user: nobody }, own)).toBe(false);
    expect(canActorReadResults({ system: 'cli' }, other)).toBe(true);
    expect(canActorReadResults({ system: 'retention' }, own)).toBe(false);
    expect(canActorReadResults({ claimed: 'iemand@example.test' }, own)).toBe(false);
  });

  it('shows other houses one by one only to national readers and the command line', () => {
    expect([actorSeesEveryHouse({ user: researcher }), actorSeesEveryHouse({ user: evaluator }), actorSeesEveryHouse({ system: 'cli' })]).toEqual([true, true, true]);
    for (const user of [coordinator, houseEvaluator, nobody]) expect(actorSeesEveryHouse({ user })).toBe(false);
    expect([actorSeesEveryHouse({ system: 'retention' }), actorSeesEveryHouse({ claimed: 'iemand@example.test' })]).toEqual([false, false]);
  });

  it('sends each to the first page they may use', () => {
    expect(homePath(researcher)).toBe('/admin/waves');
    expect(homePath(coordinator)).toBe('/admin/waves');
    expect(homePath(evaluator)).toBe('/admin/results');
    expect(homePath(houseEvaluator)).toBe('/admin/results');
    expect(homePath(nobody)).toBe('/admin/account');
  });
});
