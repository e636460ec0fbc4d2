import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultWaveTexts } from '../../server/domain/fieldwork/defaultTexts.js';
import type { WaveSettings } from '../../server/domain/fieldwork/waveForm.js';
import { hashToken } from '../../server/security/tokens.js';
import {
  chooseQuestionnaire,
  createOpenLink,
  createWave,
  deletability,
  deleteWave,
  getWave,
  listWavesWithParticipants,
  participantStatusCounts,
  questionnaireOf,
  reminderDaysOf,
  removeOpenLink,
  updateWave,
} from '../../server/services/waves.js';
import { addParticipant, importParticipants, setParticipantEligibility } from '../../server/services/participants.js';
import { addVersion, getVersion } from '../../server/services/questionnaires.js';
import { launchWave } from '../../server/services/launch.js';
import { sendTestMail } from '../../server/services/testMail.js';
import { copyWave } from '../../server/services/waveCopy.js';
import { TableDigest } from '../helpers/databaseFile.js';
import { proefInput } from '../helpers/proefQuestionnaire.js';
import { questionnaireJson } from '../helpers/questionnaire.js';
import { createTestApp, storedQuestionnaire, type TestApp } from '../helpers/app.js';
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
    is_test: 0,
    ...overrides,
  };
}

describe('waves service', () => {
  it('creates a wave as a concept with its questionnaire snapshot and audit entry, decoding what routes show', async () => {
    const wave = await createWave(contextOf(t, actor), await storedQuestionnaire(t.app, QID), settings());
    expect(await getWave(t.app.db, wave.id)).toMatchObject({ title: 'Najaar', open_link_hash: null, purged_at: null, launched_at: null, launched_by: null });
    expect(questionnaireOf(wave)?.id).toBe(QID);
    expect(reminderDaysOf(wave)).toEqual([7, 14]);
    expect(await auditLog(t)).toEqual([
      expect.objectContaining({ actor: 'researcher1@example.test', action: 'wave_created', details: expect.objectContaining({ waveId: wave.id, questionnaire: QID, version: '1.0', house_id: houseId, min_cell_size: 5 }) }),
    ]);
    await expect(getWave(t.app.db, 'nope')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('updates settings, and changes the questionnaire version only while the wave is a concept, each audit-logged', async () => {
    const ctx = contextOf(t, actor);
    const wave = await createWave(ctx, await storedQuestionnaire(t.app, QID), settings());
    await updateWave(ctx, wave, settings({ title: 'Najaar 2026', min_cell_size: 10 }));
    const added = await addVersion(ctx, JSON.stringify(questionnaireJson({ ...proefInput, version: '2' })), { source: 'browser' });
    expect(added).toMatchObject({ ok: true, status: 'added' });
    const proef2 = await getVersion(t.app.db, 'proef', '2');
    await chooseQuestionnaire(ctx, wave, proef2.questionnaire);
    expect(await getWave(t.app.db, wave.id)).toMatchObject({ title: 'Najaar 2026', questionnaire_id: 'proef', questionnaire_version: '2' });
    expect(questionnaireOf(await getWave(t.app.db, wave.id))?.id).toBe('proef');
    const launched = await makeWave(t.app, QID);
    const before = await t.app.db.selectFrom('waves').select('questionnaire_json').where('id', '=', launched.id).executeTakeFirstOrThrow();
    await expect(chooseQuestionnaire(ctx, launched, proef2.questionnaire)).rejects.toMatchObject({ statusCode: 409, code: 'FROZEN' });
    expect(await t.app.db.selectFrom('waves').select('questionnaire_json').where('id', '=', launched.id).executeTakeFirstOrThrow()).toEqual(before);
    // the refused change left no entry: the check and the entry are one transaction
    expect((await auditLog(t)).map((e) => e.action)).toEqual(['wave_created', 'wave_updated', 'questionnaire_version_added', 'wave_questionnaire_chosen']);
    // the update keeps the before and after values of what changed, and only those
    expect((await auditLog(t))[1]!.details.changes).toEqual({ title: { before: 'Najaar', after: 'Najaar 2026' }, min_cell_size: { before: 5, after: 10 } });
  });

  it('refuses an open link and new participants for a closed wave, whatever was posted', async () => {
    const ctx = contextOf(t, actor);
    const day = 86_400_000;
    const closed = await makeWave(t.app, QID, { opens_at: new Date(t.app.now().getTime() - 30 * day).toISOString(), closes_at: new Date(t.app.now().getTime() - day).toISOString() });
    const digest = new TableDigest(t.config.databaseFile);
    try {
      const before = digest.all();
      await expect(createOpenLink(ctx, closed)).rejects.toMatchObject({ statusCode: 409, code: 'CLOSED' });
      await expect(addParticipant(ctx, t.app.secrets, closed.id, { email: 'laat@example.test', name: null, attributes: {} })).rejects.toMatchObject({ statusCode: 409, code: 'CLOSED' });
      await expect(importParticipants(ctx, t.app.secrets, closed.id, 'email\nlaat@example.test\n', { skipInvalid: false })).rejects.toMatchObject({
        statusCode: 409,
        message: expect.stringContaining('gesloten'),
      });
      expect(digest.all()).toBe(before);
    } finally {
      digest.close();
    }
    // a concept and a scheduled wave take participants and an open link
    const concept = await createWave(ctx, await storedQuestionnaire(t.app, QID), settings());
    await addParticipant(ctx, t.app.secrets, concept.id, { email: 'vroeg@example.test', name: null, attributes: {} });
    expect(await createOpenLink(ctx, concept)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('deletes a concept with everything in it, audit-logged; a wave that sent mail or holds answers stays', async () => {
    const ctx = contextOf(t, actor);
    const concept = await createWave(ctx, await storedQuestionnaire(t.app, QID), settings());
    await importParticipants(ctx, t.app.secrets, concept.id, 'email;naam\na@example.test;A\nb@example.test;B\n', { skipInvalid: false });
    expect(await deletability(t.app.db, concept, t.app.now())).toEqual({ deletable: true });
    await deleteWave(ctx, concept);
    expect(await t.app.db.selectFrom('waves').selectAll().where('id', '=', concept.id).execute()).toEqual([]);
    for (const table of ['participants', 'invitations', 'mail_jobs'] as const) {
      expect(await t.app.db.selectFrom(table).selectAll().where('wave_id' as never, '=', concept.id as never).execute(), table).toEqual([]);
    }
    expect((await auditLog(t)).at(-1)).toMatchObject({
      action: 'wave_deleted',
      details: { waveId: concept.id, title: 'Najaar', participants: 2, state: 'concept', questionnaire: QID },
    });

    const mailed = await makeWave(t.app, QID);
    await makeInvitee(t.app, mailed);
    await t.app.mailer.runPass();
    expect(await deletability(t.app.db, mailed, t.app.now())).toEqual({ deletable: false, reason: 'er is al mail verstuurd.' });
    await expect(deleteWave(ctx, mailed)).rejects.toMatchObject({ statusCode: 409, code: 'NOT_DELETABLE' });
    expect(await getWave(t.app.db, mailed.id)).toBeTruthy();
    // removing the people it mailed does not make an opened wave deletable
    await t.app.db.deleteFrom('participants').where('wave_id', '=', mailed.id).execute();
    expect(await deletability(t.app.db, mailed, t.app.now())).toEqual({ deletable: false, reason: 'de ronde is al geopend.' });
    // a scheduled wave that has sent nothing can go
    const scheduled = await makeWave(t.app, QID, { opens_at: new Date(t.app.now().getTime() + 86_400_000).toISOString() });
    expect(await deletability(t.app.db, scheduled, t.app.now())).toEqual({ deletable: true });
  });

  it('lets a coördinator launch, test-mail, copy, re-version and delete only waves of their own house (another house\'s answers 404, nothing changes)', async () => {
    const other = await makeHouse(t.app, 'Veiligheidshuis Elders');
    const questionnaire = await storedQuestionnaire(t.app, QID);
    const theirs = await createWave(contextOf(t, actor), questionnaire, settings({ house_id: other }));
    await addParticipant(contextOf(t, actor), t.app.secrets, theirs.id, { email: 'a@example.test', name: 'A', attributes: {} });
    const coordinator = contextOf(t, { user: userOf([{ kind: 'coordinator', houseId }]) });
    const digest = new TableDigest(t.config.databaseFile);
    const before = digest.all();
    const deps = { transport: t.app.mailer.transport, engines: t.app.mailer.engines, secrets: t.app.secrets, baseUrl: t.app.config.baseUrl };
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['launch', () => launchWave(coordinator, theirs)],
      ['test mail', () => sendTestMail(coordinator, deps, theirs, 'coordinator@example.test')],
      ['copy', () => copyWave(coordinator, t.app.secrets, theirs, questionnaire, settings(), new Set())],
      ['version', () => chooseQuestionnaire(coordinator, theirs, questionnaire)],
      ['delete', () => deleteWave(coordinator, theirs)],
      ['create', () => createWave(coordinator, questionnaire, settings({ house_id: other }))],
    ];
    for (const [what, attempt] of attempts) await expect(attempt(), what).rejects.toMatchObject({ statusCode: 404 });
    expect(digest.all()).toBe(before);
    // their own house: the same use cases go through
    const own = await createWave(coordinator, questionnaire, settings({ title: 'Eigen huis' }));
    const copy = await copyWave(coordinator, t.app.secrets, own, questionnaire, settings({ title: 'Eigen huis, kopie' }), new Set());
    expect(copy.house_id).toBe(houseId);
    await deleteWave(coordinator, copy);
    expect(await t.app.db.selectFrom('waves').select('id').where('id', '=', copy.id).execute()).toEqual([]);
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
