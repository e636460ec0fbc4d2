import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blockAccount,
  createAccount,
  findAccount,
  hasAccounts,
  sessionOf,
  setUp,
  signIn,
  startSession,
  unblockAccount,
} from '../../server/services/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { auditLog, contextOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const plain = () => ({ db: t.app.db, now: t.app.now() });

describe('accounts service', () => {
  it('sets up the first researcher once', async () => {
    expect(await hasAccounts(t.app.db)).toBe(false);
    const first = await setUp(plain(), { email: 'Eerste@Example.test', name: 'Eerste', password: 'een lang wachtwoord' });
    expect(first).toMatchObject({ email: 'eerste@example.test', role: 'researcher' });
    expect(await setUp(plain(), { email: 'tweede@example.test', name: 'Tweede', password: 'een lang wachtwoord' })).toBeUndefined();
    expect(await auditLog(t)).toEqual([expect.objectContaining({ actor: 'eerste@example.test', action: 'setup' })]);
  });

  it('signs in with the right password only, logging failures under the address given', async () => {
    const admin = (await setUp(plain(), { email: 'a@example.test', name: 'A', password: 'een lang wachtwoord' }))!;
    expect(await signIn(plain(), 'a@example.test', 'verkeerd wachtwoord')).toBeUndefined();
    expect(await signIn(plain(), '', 'x')).toBeUndefined();
    expect((await signIn(plain(), 'A@example.test', 'een lang wachtwoord'))?.id).toBe(admin.id);
    expect((await auditLog(t)).map((e) => [e.actor, e.action])).toEqual([
      ['a@example.test', 'setup'],
      ['a@example.test', 'login_failed'],
      ['(leeg)', 'login_failed'],
      ['a@example.test', 'login'],
    ]);
  });

  it('never blocks the actor’s own account or the last active researcher; blocking ends sessions', async () => {
    const admin = (await setUp(plain(), { email: 'a@example.test', name: 'A', password: 'een lang wachtwoord' }))!;
    const ctx = contextOf(t, { user: admin });
    const created = await createAccount(ctx, { email: 'e@example.test', name: 'E', role: 'evaluator', password: 'een lang wachtwoord' });
    expect(await createAccount(ctx, { email: 'E@example.test', name: 'E', role: 'evaluator', password: 'een lang wachtwoord' })).toEqual({ taken: true });
    if (!('user' in created)) throw new Error('not created');
    await expect(blockAccount(ctx, admin)).rejects.toMatchObject({ statusCode: 409, code: 'SELF' });
    await expect(blockAccount(contextOf(t), admin)).rejects.toMatchObject({ statusCode: 409, code: 'LAST_RESEARCHER' });

    const token = await startSession(t.app.db, created.user.id, t.app.now(), 3600_000);
    expect((await sessionOf(t.app.db, token, t.app.now()))?.user.email).toBe('e@example.test');
    await blockAccount(ctx, created.user);
    expect(await sessionOf(t.app.db, token, t.app.now())).toBeUndefined();
    expect((await findAccount(t.app.db, created.user.id)).disabled).toBe(1);
    await unblockAccount(ctx, created.user);
    expect((await findAccount(t.app.db, created.user.id)).disabled).toBe(0);
    expect((await auditLog(t)).slice(1).map((e) => e.action)).toEqual(['user_created', 'user_disabled', 'user_enabled']);
  });
});
