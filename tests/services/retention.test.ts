import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getParticipant } from '../../server/services/participants.js';
import { computeWaveRates } from '../../server/services/rates.js';
import { purgeDueWaves, purgeWave } from '../../server/services/retention.js';
import { getWave } from '../../server/services/waves.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { auditLog, contextOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

const DAY = 24 * 3600_000;

/** A wave that closed `closedDaysAgo` days before the app's clock, with one participant. */
async function closedWave(closedDaysAgo: number, retentionDays: number | null) {
  const now = t.app.now().getTime();
  const wave = await makeWave(t.app, 'stappenmeter-doelbereik', {
    opens_at: new Date(now - (closedDaysAgo + 30) * DAY).toISOString(),
    closes_at: new Date(now - closedDaysAgo * DAY).toISOString(),
    retention_days: retentionDays,
  });
  const { participant } = await makeInvitee(t.app, wave, { email: 'persoon@partner.test', attributes: { organisatie: 'Politie' } });
  return { wave, participant };
}

describe('retention service', () => {
  it('purges only waves past their retention period; a dry run changes nothing', async () => {
    const due = await closedWave(40, 30);
    const notDue = await closedWave(10, 30);
    const ctx = contextOf(t, { system: 'retention' });
    const dry = await purgeDueWaves(ctx, { dryRun: true });
    expect(dry.map((o) => [o.waveId, o.dryRun, o.participants])).toEqual([[due.wave.id, true, 1]]);
    expect((await getParticipant(t.app.db, due.wave.id, due.participant.id)).email).toBe('persoon@partner.test');
    expect(await auditLog(t)).toEqual([]);

    const ratesBefore = await computeWaveRates(t.app.db, due.wave, t.app.now());
    const done = await purgeDueWaves(ctx);
    expect(done.map((o) => o.waveId)).toEqual([due.wave.id]);
    expect(await getParticipant(t.app.db, due.wave.id, due.participant.id)).toMatchObject({ email: `verwijderd-${due.participant.id}`, name: null, attributes: {} });
    expect((await getParticipant(t.app.db, notDue.wave.id, notDue.participant.id)).email).toBe('persoon@partner.test');
    // the figures survive as the snapshot taken just before
    const purged = await getWave(t.app.db, due.wave.id);
    expect(purged.purged_at).toBe(t.app.now().toISOString());
    expect(await computeWaveRates(t.app.db, purged, t.app.now())).toEqual(ratesBefore);
    expect(await auditLog(t)).toEqual([
      expect.objectContaining({ actor: 'retention', action: 'wave_purged', details: { waveId: due.wave.id, forced: false, participants: 1, drafts: 0, contacts: 0, outbox: 0 } }),
    ]);
  });

  it('refuses an open wave even when forced, and a wave without a period unless forced', async () => {
    const open = await makeWave(t.app, 'stappenmeter-doelbereik', { retention_days: 1 });
    const ctx = contextOf(t);
    expect(await purgeWave(ctx, open, { force: true })).toMatchObject({ ok: false, reason: 'open' });
    const { wave } = await closedWave(5, null);
    expect(await purgeWave(ctx, wave)).toMatchObject({ ok: false, reason: 'no-retention' });
    expect(await purgeWave(ctx, wave, { force: true })).toMatchObject({ ok: true, outcome: { forced: true, participants: 1 } });
    expect(await purgeWave(ctx, await getWave(t.app.db, wave.id), { force: true })).toMatchObject({ ok: false, reason: 'purged' });
  });
});
