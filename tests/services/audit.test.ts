import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transaction } from '../../server/db/connection.js';
import { audit } from '../../server/services/audit.js';
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
});
