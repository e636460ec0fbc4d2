import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultWaveTexts } from '../../server/domain/fieldwork/defaultTexts.js';
import type { WaveSettings } from '../../server/domain/fieldwork/waveForm.js';
import { hashToken } from '../../server/security/tokens.js';
import {
  createOpenLink,
  createWave,
  getWave,
  listWavesWithParticipants,
  participantStatusCounts,
  questionnaireOf,
  refreshQuestionnaire,
  reminderDaysOf,
  removeOpenLink,
  updateWave,
} from '../../server/services/waves.js';
import { setParticipantEligibility } from '../../server/services/participants.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeHouse, makeInvitee, makeWave } from '../helpers/factories.js';
import { auditLog, contextOf, userOf } from './support.js';

let t: TestApp;
let houseId: number;
beforeEach(async () => {
  t = await createTestApp();
  houseId = await makeHouse(t.app);
});
afterEach(async () => t.close());

const QID = 'stappenmeter-doelbereik';
const actor = { user: userOf('researcher') };

function settings(overrides: Partial<WaveSettings> = {}): WaveSettings {
  return {
    title: 'Najaar',
    house_id: houseId,
    opens_at: '2026-12-01T08:00:00.000Z',
    closes_at: '2026-12-20T22:59:59.999Z',
    anonymous: 1,
    allow_edit: 0,
    reminder_days: '[14,7]',
    sender_name: 'Onderzoek',
    sender_organisation: '',
    sender_email: 'onderzoek@example.test',
    ...defaultWaveTexts,
    min_cell_size: 5,
    retention_days: null,
    ...overrides,
  };
}

describe('waves service', () => {
  it('creates a wave with its questionnaire snapshot and audit entry, decoding what routes show', async () => {
    const wave = await createWave(contextOf(t, actor), t.app.questionnaires.get(QID)!, settings());
    expect(await getWave(t.app.db, wave.id)).toMatchObject({ title: 'Najaar', open_link_hash: null, purged_at: null });
    expect(questionnaireOf(wave)?.id).toBe(QID);
    expect(reminderDaysOf(wave)).toEqual([7, 14]);
    expect(await auditLog(t)).toEqual([
      expect.objectContaining({ actor: 'researcher1@example.test', action: 'wave_created', details: expect.objectContaining({ waveId: wave.id, questionnaire: QID, house_id: houseId, min_cell_size: 5 }) }),
    ]);
    await expect(getWave(t.app.db, 'nope')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('updates settings and refreshes the snapshot only before opening, each audit-logged', async () => {
    const ctx = contextOf(t, actor);
    const questionnaire = t.app.questionnaires.get(QID)!;
    const wave = await createWave(ctx, questionnaire, settings());
    await updateWave(ctx, wave, settings({ title: 'Najaar 2026', min_cell_size: 10 }));
    await refreshQuestionnaire(ctx, wave, questionnaire);
    await expect(refreshQuestionnaire(ctx, wave, undefined)).rejects.toMatchObject({ statusCode: 409, code: 'NO_FILE' });
    const opened = await makeWave(t.app, QID);
    await expect(refreshQuestionnaire(ctx, opened, questionnaire)).rejects.toMatchObject({ statusCode: 409, code: 'FROZEN' });
    expect((await getWave(t.app.db, wave.id)).title).toBe('Najaar 2026');
    // the refused refresh left no entry: the check and the entry are one transaction
    expect((await auditLog(t)).map((e) => e.action)).toEqual(['wave_created', 'wave_updated', 'wave_questionnaire_refreshed']);
    // the update keeps the before and after values of what changed, and only those
    expect((await auditLog(t))[1]!.details.changes).toEqual({ title: { before: 'Najaar', after: 'Najaar 2026' }, min_cell_size: { before: 5, after: 10 } });
  });

  it('shows an open link once: only its hash is stored, and removing it clears the hash', async () => {
    const ctx = contextOf(t, actor);
    const wave = await makeWave(t.app, QID);
    const token = await createOpenLink(ctx, wave);
    expect((await getWave(t.app.db, wave.id)).open_link_hash).toBe(hashToken(token));
    await removeOpenLink(ctx, wave);
    expect((await getWave(t.app.db, wave.id)).open_link_hash).toBeNull();
    expect((await auditLog(t)).map((e) => [e.action, e.details.waveId])).toEqual([
      ['wave_open_link_created', wave.id],
      ['wave_open_link_removed', wave.id],
    ]);
  });

  it('lists waves with their participant counts and counts participants per status', async () => {
    const wave = await makeWave(t.app, QID);
    await makeWave(t.app, QID);
    await makeInvitee(t.app, wave);
    const b = await makeInvitee(t.app, wave);
    await setParticipantEligibility(contextOf(t, actor), wave.id, b.participant.id, 'geen overleg');
    const list = await listWavesWithParticipants(t.app.db, null);
    expect(list.map((w) => w.participants).sort()).toEqual([0, 2]);
    const { total, counts } = await participantStatusCounts(t.app.db, wave.id);
    expect(total).toBe(2);
    expect(counts).toMatchObject({ 'niet begonnen': 1, 'niet in aanmerking': 1, voltooid: 0 });
  });
});
