import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction } from '../../server/db/connection.js';
import { sql } from 'kysely';
import { AUDIT_ACTIONS, AUDIT_KINDS, audit, auditEntries, changes } from '../../server/services/audit.js';
import { makeHouse, makeWave } from '../helpers/factories.js';
import { actorLabel, within } from '../../server/services/context.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { auditLog, contextOf, userOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

describe('audit', () => {
  it('names the actor, the moment and the action, with the wave first in the details', async () => {
    await audit(contextOf(t, { user: userOf('researcher', 7) }), { action: 'wave_updated', waveId: 'W1', details: { extra: 1 } });
    await audit(contextOf(t, { claimed: 'wie@example.test' }), { action: 'login_failed' });
    const log = await auditLog(t);
    expect(log).toEqual([
      { actor: 'researcher7@example.test', action: 'wave_updated', at: t.app.now().toISOString(), details: { waveId: 'W1', extra: 1 } },
      { actor: 'wie@example.test', action: 'login_failed', at: t.app.now().toISOString(), details: {} },
    ]);
    expect(Object.keys(log[0]!.details)).toEqual(['waveId', 'extra']);
  });

  it('is part of the change it records: a rolled-back transaction leaves no entry', async () => {
    const ctx = contextOf(t);
    await expect(
      transaction(ctx.db, async (trx) => {
        await audit(within(ctx, trx), { action: 'wave_created', waveId: 'W1' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await auditLog(t)).toEqual([]);
  });

  it('labels every kind of actor', () => {
    expect(actorLabel({ system: 'retention' })).toBe('retention');
    expect(actorLabel({ user: userOf('evaluator', 3) })).toBe('evaluator3@example.test');
    expect(actorLabel({ claimed: '(leeg)' })).toBe('(leeg)');
  });

  it('files an entry under its account, wave and the wave\'s house, for the audit page\'s filters', async () => {
    const house = await makeHouse(t.app, 'Veiligheidshuis Twente');
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { house_id: house });
    await audit(contextOf(t, { user: userOf('researcher', 7) }), { action: 'wave_updated', waveId: wave.id });
    await audit(contextOf(t), { action: 'house_updated', houseId: house });
    await audit(contextOf(t, { claimed: 'wie@example.test' }), { action: 'login_failed' });
    const rows = await t.app.db.selectFrom('audit_log').select(['user_id', 'wave_id', 'house_id']).orderBy('id').execute();
    expect(rows).toEqual([
      { user_id: 7, wave_id: wave.id, house_id: house },
      { user_id: null, wave_id: null, house_id: house },
      { user_id: null, wave_id: null, house_id: null },
    ]);
    const byHouse = await auditEntries(t.app.db, { houseId: house }, { limit: 10, offset: 0 });
    expect(byHouse.total).toBe(2);
    expect(byHouse.rows.map((r) => [r.action, r.houseName])).toEqual([
      ['house_updated', 'Veiligheidshuis Twente'],
      ['wave_updated', 'Veiligheidshuis Twente'],
    ]);
    expect((await auditEntries(t.app.db, { kind: 'logins' }, { limit: 10, offset: 0 })).rows.map((r) => r.actor)).toEqual(['wie@example.test']);
    expect((await auditEntries(t.app.db, { userId: 7 }, { limit: 10, offset: 0 })).total).toBe(1);
  });

  it('is append-only: the database refuses to change or delete an entry', async () => {
    await audit(contextOf(t), { action: 'house_created' });
    await expect(sql`update audit_log set action = 'x'`.execute(t.app.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.app.db)).rejects.toThrow(/append-only/);
    expect(await auditLog(t)).toHaveLength(1);
  });

  it('records before and after of the fields that changed, long texts shortened', () => {
    const long = 'x'.repeat(20_000);
    expect(changes({ a: 1, b: 'same', c: [7, 14], t: 'kort' }, { a: 2, b: 'same', c: [7, 14, 21], t: long }, ['a', 'b', 'c', 't'])).toEqual({
      a: { before: 1, after: 2 },
      c: { before: [7, 14], after: [7, 14, 21] },
      t: { before: 'kort', after: `${'x'.repeat(500)}… (20000 tekens)` },
    });
  });

  it('has a Dutch label for every action and puts every action in exactly one kind', () => {
    const inKinds = Object.values(AUDIT_KINDS).flatMap((k) => [...k.actions]);
    expect([...inKinds].sort()).toEqual(Object.keys(AUDIT_ACTIONS).sort());
    expect(new Set(inKinds).size).toBe(inKinds.length);
  });
});
