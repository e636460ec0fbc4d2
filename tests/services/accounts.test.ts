import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  accountGrants,
  activeSessionUser,
  addGrant,
  blockAccount,
  createAccount,
  findAccount,
  hasAccounts,
  listAccounts,
  LOGIN_LIMIT,
  recordLoginFailure,
  removeGrant,
  sessionOf,
  setUp,
  signIn,
  startSession,
  unblockAccount,
} from '../../server/services/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeHouse } from '../helpers/factories.js';
import { auditLog, contextOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const plain = () => ({ db: t.app.db, now: t.app.now() });
const PASSWORD = 'een lang wachtwoord';
const attempt = (email: string, password: string, address = '10.0.0.1') => signIn(plain(), { email, password, address, twoFactorEvaluators: 'required' });
const session = (userId: number) => startSession(t.app.db, userId, t.app.now(), { lifetimeMs: 3600_000, stage: 'full', origin: { address: null, userAgent: null } });

describe('accounts service', () => {
  it('sets up the first landelijk onderzoeker once', async () => {
    expect(await hasAccounts(t.app.db)).toBe(false);
    const first = await setUp(plain(), { email: 'Eerste@Example.test', name: 'Eerste', password: PASSWORD });
    expect(first).toMatchObject({ email: 'eerste@example.test' });
    expect(await accountGrants(t.app.db, first!.id)).toEqual([{ kind: 'national-researcher' }]);
    expect(await setUp(plain(), { email: 'tweede@example.test', name: 'Tweede', password: PASSWORD })).toBeUndefined();
    expect(await auditLog(t)).toEqual([expect.objectContaining({ actor: 'eerste@example.test', action: 'setup' })]);
  });

  it('signs in with the right password only, logging failures under the address given; two-factor login comes next', async () => {
    const admin = (await setUp(plain(), { email: 'a@example.test', name: 'A', password: PASSWORD }))!;
    expect(await attempt('a@example.test', 'verkeerd wachtwoord')).toEqual({ ok: false, reason: 'wrong' });
    expect(await attempt('', 'x')).toEqual({ ok: false, reason: 'wrong' });
    const ok = await attempt('A@example.test', PASSWORD);
    // a landelijk onderzoeker without two-factor login must set it up before anything else
    expect(ok).toMatchObject({ ok: true, user: { id: admin.id }, next: 'enrol' });
    expect((await auditLog(t)).map((e) => [e.actor, e.action, e.details.reason ?? ''])).toEqual([
      ['a@example.test', 'setup', ''],
      ['a@example.test', 'login_failed', 'password'],
      ['(leeg)', 'login_failed', 'password'],
    ]);
  });

  it('limits failed attempts per account and per address, never successful ones, and says until when', async () => {
    await setUp(plain(), { email: 'a@example.test', name: 'A', password: PASSWORD });
    const colleague = await createAccount(contextOf(t), { email: 'b@example.test', name: 'B', grants: [], password: PASSWORD });
    if (!('user' in colleague)) throw new Error('not created');
    // more successful logins from one office address than any limit allows failures lock nobody out
    for (let i = 0; i < LOGIN_LIMIT.perAccount + 2; i++) expect((await attempt('b@example.test', PASSWORD, '10.9.9.9')).ok).toBe(true);
    const start = t.app.now();
    for (let i = 0; i < LOGIN_LIMIT.perAccount; i++) {
      t.setNow(new Date(start.getTime() + i * 1000));
      expect(await attempt('a@example.test', 'fout wachtwoord', `10.0.1.${i}`)).toEqual({ ok: false, reason: 'wrong' });
    }
    // the account is now locked, even with the right password, until the first failure leaves the window
    const locked = await attempt('a@example.test', PASSWORD, '10.0.2.1');
    expect(locked).toEqual({ ok: false, reason: 'locked', until: new Date(start.getTime() + LOGIN_LIMIT.windowMs) });
    // another account from the same addresses is not affected
    expect((await attempt('b@example.test', PASSWORD, '10.0.1.0')).ok).toBe(true);
    t.setNow(new Date(start.getTime() + LOGIN_LIMIT.windowMs + 1));
    expect((await attempt('a@example.test', PASSWORD, '10.0.2.1')).ok).toBe(true);

    // per address: failures for many accounts from one address lock that address only (counted as signIn counts them)
    for (let i = 0; i < LOGIN_LIMIT.perAddress; i++) await recordLoginFailure(t.app.db, `iemand${i}@example.test`, '10.7.7.7', t.app.now());
    expect(await attempt('b@example.test', PASSWORD, '10.7.7.7')).toMatchObject({ ok: false, reason: 'locked' });
    expect((await attempt('b@example.test', PASSWORD, '10.7.7.8')).ok).toBe(true);
  });

  it('never blocks the actor’s own account or the last active landelijk onderzoeker; blocking ends sessions', async () => {
    const admin = (await setUp(plain(), { email: 'a@example.test', name: 'A', password: PASSWORD }))!;
    const ctx = contextOf(t, { user: (await activeSessionUser(t.app.db, admin.id))! });
    const created = await createAccount(ctx, { email: 'e@example.test', name: 'E', grants: [{ kind: 'national-evaluator' }], password: PASSWORD });
    expect(await createAccount(ctx, { email: 'E@example.test', name: 'E', grants: [], password: PASSWORD })).toEqual({ taken: true });
    if (!('user' in created)) throw new Error('not created');
    await expect(blockAccount(ctx, admin)).rejects.toMatchObject({ statusCode: 409, code: 'SELF' });
    await expect(blockAccount(contextOf(t), admin)).rejects.toMatchObject({ statusCode: 409, code: 'LAST_RESEARCHER' });
    await expect(removeGrant(contextOf(t), admin, { kind: 'national-researcher' })).rejects.toMatchObject({ statusCode: 409, code: 'LAST_RESEARCHER' });

    const { token } = await session(created.user.id);
    expect((await sessionOf(t.app.db, token, t.app.now()))?.user.email).toBe('e@example.test');
    await blockAccount(ctx, created.user);
    expect(await sessionOf(t.app.db, token, t.app.now())).toBeUndefined();
    expect((await findAccount(t.app.db, null, created.user.id)).disabled).toBe(1);
    await unblockAccount(ctx, created.user);
    expect((await findAccount(t.app.db, null, created.user.id)).disabled).toBe(0);
    expect((await auditLog(t)).slice(1).map((e) => e.action)).toEqual(['user_created', 'grant_added', 'user_disabled', 'user_enabled']);
  });

  it('lets a coordinator invite and remove evaluators of their own house only; removing a grant ends the sessions', async () => {
    const own = await makeHouse(t.app, 'Veiligheidshuis Eigen');
    const other = await makeHouse(t.app, 'Veiligheidshuis Ander');
    const coordinator = await createAccount(contextOf(t), { email: 'c@example.test', name: 'C', grants: [{ kind: 'coordinator', houseId: own }], password: PASSWORD });
    if (!('user' in coordinator)) throw new Error('not created');
    const me = (await activeSessionUser(t.app.db, coordinator.user.id))!;
    const ctx = contextOf(t, { user: me });
    const evaluator = await createAccount(ctx, { email: 'ev@example.test', name: 'Ev', grants: [{ kind: 'evaluator', houseId: own }], password: PASSWORD });
    if (!('user' in evaluator)) throw new Error('not created');
    await expect(createAccount(ctx, { email: 'x@example.test', name: 'X', grants: [{ kind: 'evaluator', houseId: other }], password: PASSWORD })).rejects.toMatchObject({ statusCode: 403 });
    await expect(createAccount(ctx, { email: 'x@example.test', name: 'X', grants: [{ kind: 'coordinator', houseId: own }], password: PASSWORD })).rejects.toMatchObject({ statusCode: 403 });
    await expect(addGrant(ctx, evaluator.user, { kind: 'national-evaluator' })).rejects.toMatchObject({ statusCode: 403 });
    // an evaluator of another house is not in the coordinator's list, nor can they open it
    const stranger = await createAccount(contextOf(t), { email: 's@example.test', name: 'S', grants: [{ kind: 'evaluator', houseId: other }], password: PASSWORD });
    if (!('user' in stranger)) throw new Error('not created');
    expect((await listAccounts(t.app.db, me)).map((a) => a.email)).toEqual(['ev@example.test']);
    await expect(findAccount(t.app.db, me, stranger.user.id)).rejects.toMatchObject({ statusCode: 404 });

    const { token } = await session(evaluator.user.id);
    expect(await removeGrant(ctx, evaluator.user, { kind: 'evaluator', houseId: own })).toBe(true);
    expect(await sessionOf(t.app.db, token, t.app.now())).toBeUndefined();
    expect(await accountGrants(t.app.db, evaluator.user.id)).toEqual([]);
    const entry = (await auditLog(t)).at(-1)!;
    expect(entry).toMatchObject({ actor: 'c@example.test', action: 'grant_removed', details: { userId: evaluator.user.id, grant: { kind: 'evaluator', houseId: own }, sessionsEnded: 1 } });
  });
});
