import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { optOutToken } from '../../server/security/tokens.js';
import { getParticipant } from '../../server/services/participants.js';
import { optOut, optOutTarget } from '../../server/services/optout.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeInvitee, makeWave } from '../helpers/factories.js';
import { auditLog, contextOf } from './support.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => t.close());

describe('opt-out service', () => {
  it('finds the participant of a genuine token only', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik', { title: 'Najaar', house: 'Veiligheidshuis Testregio' });
    const { participant } = await makeInvitee(t.app, wave);
    const token = optOutToken(t.app.secrets, participant.id);
    expect(await optOutTarget(t.app.db, t.app.secrets, token)).toMatchObject({ id: participant.id, wave_id: wave.id, title: 'Najaar', opted_out_at: null });
    const forged = `${participant.id + 1}.${token.split('.')[1]}`;
    await expect(optOutTarget(t.app.db, t.app.secrets, forged)).rejects.toMatchObject({ statusCode: 404, code: 'UNKNOWN_LINK' });
    await expect(optOutTarget(t.app.db, t.app.secrets, optOutToken(t.app.secrets, 999_999))).rejects.toMatchObject({ statusCode: 404 });
  });

  it('records the opt-out once, with one audit entry by the participant', async () => {
    const wave = await makeWave(t.app, 'stappenmeter-doelbereik');
    const { participant } = await makeInvitee(t.app, wave);
    const target = await optOutTarget(t.app.db, t.app.secrets, optOutToken(t.app.secrets, participant.id));
    const ctx = contextOf(t, { system: 'deelnemer' });
    await optOut(ctx, target, 'one-click');
    await optOut(ctx, target, 'form');
    expect((await getParticipant(t.app.db, wave.id, participant.id)).opted_out_at).toBe(t.app.now().toISOString());
    expect(await auditLog(t)).toEqual([
      expect.objectContaining({ actor: 'deelnemer', action: 'participant.optout', details: { waveId: wave.id, participantId: participant.id, via: 'one-click' } }),
    ]);
  });
});
