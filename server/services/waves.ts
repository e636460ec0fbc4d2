/**
 * Fieldwork rounds (waves): list, create, change, refresh the questionnaire snapshot before opening,
 * and the open link. Each change and its audit entry are one transaction. Shared by the admin pages
 * and `wave create` / `wave list`.
 */
import { transaction, type Db } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import { findHouse } from '../db/repositories/houses.js';
import { countParticipantsByWave, participantStates } from '../db/repositories/participants.js';
import {
  createWave as insertWave,
  findWave as findWaveRow,
  listWaves,
  refreshWaveQuestionnaire,
  setOpenLinkHash,
  updateWave as updateWaveRow,
  waveQuestionnaire,
  waveReminderDays,
} from '../db/repositories/waves.js';
import { participantStatus, participantStatuses, type ParticipantStatus } from '../domain/fieldwork/participantStatus.js';
import type { WaveSettings } from '../domain/fieldwork/waveForm.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { houseNotFound, questionnaireFileMissing, questionnaireFrozen, waveNotFound } from '../errors.js';
import { hashToken, randomToken } from '../security/tokens.js';
import { can, housesFor } from './access.js';
import { audit, changes } from './audit.js';
import { within, type Context } from './context.js';

export type WaveWithParticipants = Wave & { participants: number };

/** The wave with this id, if there is one. */
export async function findWave(db: Db, id: string): Promise<Wave | undefined> {
  return findWaveRow(db, id);
}

/** The wave with this id, or 404. */
export async function getWave(db: Db, id: string): Promise<Wave> {
  const wave = await findWaveRow(db, id);
  if (!wave) throw waveNotFound();
  return wave;
}

/** The waves `user` may manage (every wave without a user: the command line), the latest opening first, with their numbers of participants. */
export async function listWavesWithParticipants(db: Db, user: SessionUser | null): Promise<WaveWithParticipants[]> {
  const [waves, counts] = await Promise.all([listWaves(db, user ? housesFor(user, 'manageWaves') : 'all'), countParticipantsByWave(db)]);
  return waves.map((w) => ({ ...w, participants: counts.get(w.id) ?? 0 }));
}

/** The waves `user` may manage, the latest opening first. */
export async function managedWaves(db: Db, user: SessionUser): Promise<Wave[]> {
  return listWaves(db, housesFor(user, 'manageWaves'));
}

/** The house must exist and, for a signed-in user, be one whose waves they manage (else 404: no oracle). */
async function checkWaveHouse(ctx: Context, houseId: number): Promise<void> {
  const house = await findHouse(ctx.db, houseId);
  if (!house || ('user' in ctx.actor && !can(ctx.actor.user, 'manageWaves', houseId))) throw houseNotFound();
}

/** The settings whose before and after values the audit log keeps when a wave changes. */
const AUDITED_SETTINGS = [
  'title',
  'house_id',
  'opens_at',
  'closes_at',
  'anonymous',
  'allow_edit',
  'reminder_days',
  'sender_name',
  'sender_email',
  'invitation_subject',
  'invitation_template',
  'reminder_subject',
  'reminder_template',
  'min_cell_size',
  'retention_days',
] as const satisfies ReadonlyArray<keyof WaveSettings & keyof Wave>;

/** The questionnaire a wave runs (its frozen snapshot), or null before it has one. */
export function questionnaireOf(wave: Wave): Questionnaire | null {
  return wave.questionnaire_json ? waveQuestionnaire(wave) : null;
}

/** The wave's reminder days (days after the invitation), ascending. */
export function reminderDaysOf(wave: Wave): number[] {
  return waveReminderDays(wave);
}

/** Create a wave of the questionnaire (snapshotted into the wave) with checked settings; audit-logged. */
export async function createWave(ctx: Context, questionnaire: Questionnaire, settings: WaveSettings): Promise<Wave> {
  await checkWaveHouse(ctx, settings.house_id);
  return transaction(ctx.db, async (trx) => {
    const wave = await insertWave(trx, questionnaire, { ...settings, open_link_hash: null, purged_at: null }, ctx.now);
    await audit(within(ctx, trx), {
      action: 'wave_created',
      waveId: wave.id,
      details: { questionnaire: questionnaire.id, version: questionnaire.version, ...Object.fromEntries(AUDITED_SETTINGS.map((k) => [k, wave[k]])) },
    });
    return wave;
  });
}

/**
 * Change a wave's settings (checked by parseWaveForm, with what has become history locked);
 * audit-logged with the before and after values of every setting that changed.
 */
export async function updateWave(ctx: Context, wave: Wave, settings: WaveSettings): Promise<void> {
  if (settings.house_id !== wave.house_id) await checkWaveHouse(ctx, settings.house_id);
  await transaction(ctx.db, async (trx) => {
    await updateWaveRow(trx, wave.id, settings);
    const diff = changes(wave as unknown as Record<string, unknown>, settings as unknown as Record<string, unknown>, AUDITED_SETTINGS);
    await audit(within(ctx, trx), { action: 'wave_updated', waveId: wave.id, details: { changes: diff } });
  });
}

/**
 * Replace the wave's snapshot with the questionnaire file as loaded now (`current`, undefined when the
 * file is gone): only before the wave opens. Audit-logged.
 */
export async function refreshQuestionnaire(ctx: Context, wave: Wave, current: Questionnaire | undefined): Promise<void> {
  if (!current) throw questionnaireFileMissing();
  await transaction(ctx.db, async (trx) => {
    if (!(await refreshWaveQuestionnaire(trx, wave.id, current, ctx.now))) throw questionnaireFrozen();
    await audit(within(ctx, trx), { action: 'wave_questionnaire_refreshed', waveId: wave.id, details: { version: current.version } });
  });
}

/** A new open link (replacing any earlier one); returns its token, which only this answer ever shows: only its hash is stored. */
export async function createOpenLink(ctx: Context, wave: Wave): Promise<string> {
  const token = randomToken();
  await transaction(ctx.db, async (trx) => {
    await setOpenLinkHash(trx, wave.id, hashToken(token));
    await audit(within(ctx, trx), { action: 'wave_open_link_created', waveId: wave.id });
  });
  return token;
}

/** Remove the wave's open link. */
export async function removeOpenLink(ctx: Context, wave: Wave): Promise<void> {
  await transaction(ctx.db, async (trx) => {
    await setOpenLinkHash(trx, wave.id, null);
    await audit(within(ctx, trx), { action: 'wave_open_link_removed', waveId: wave.id });
  });
}

/** How many of the wave's participants have each status, and how many there are. */
export async function participantStatusCounts(db: Db, waveId: string): Promise<{ total: number; counts: Record<ParticipantStatus, number> }> {
  const states = await participantStates(db, waveId);
  const counts = Object.fromEntries(participantStatuses.map((s) => [s, 0])) as Record<ParticipantStatus, number>;
  for (const state of states) counts[participantStatus(state)] += 1;
  return { total: states.length, counts };
}
