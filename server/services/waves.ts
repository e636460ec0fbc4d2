/**
 * Fieldwork rounds (waves): list, create (as a concept), change, choose the questionnaire version
 * while a concept, the open link, and deleting a wave that holds nothing that has become history.
 * Which actions a wave still allows is decided once (domain/fieldwork/waveState.ts: waveAllows) and
 * enforced here, whatever a page offers. Each change and its audit entry are one transaction.
 * Launching is in launch.ts, a new round based on an earlier one in waveCopy.ts.
 */
import { transaction, type Db } from '../db/connection.js';
import type { SessionUser, Wave } from '../db/database.js';
import { findHouse } from '../db/repositories/houses.js';
import { countParticipantsByWave, participantStates } from '../db/repositories/participants.js';
import { unlinkWaveResponses } from '../db/repositories/responses.js';
import { scheduleWalScrub } from '../db/scrub.js';
import {
  createWave as insertWave,
  deleteWave as removeWave,
  findWave as findWaveRow,
  listWaves,
  setOpenLinkHash,
  setWaveQuestionnaire,
  updateWave as updateWaveRow,
  waveActivity,
  waveQuestionnaire,
  waveReminderDays,
} from '../db/repositories/waves.js';
import { participantStatus, participantStatuses, type ParticipantStatus } from '../domain/fieldwork/participantStatus.js';
import type { WaveSettings } from '../domain/fieldwork/waveForm.js';
import { waveAllows, waveState, type WaveAction } from '../domain/fieldwork/waveState.js';
import { dutchDay } from '../domain/format/nl.js';
import type { Questionnaire } from '../domain/questionnaire/normalize.js';
import { alreadyLaunched, houseNotFound, questionnaireFrozen, waveActionClosed, waveNotDeletable, waveNotFound, waveSettingsLocked } from '../errors.js';
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
  'sender_organisation',
  'sender_email',
  'invitation_subject',
  'invitation_template',
  'reminder_subject',
  'reminder_template',
  'min_cell_size',
  'retention_days',
  'is_test',
] as const satisfies ReadonlyArray<keyof WaveSettings & keyof Wave>;

/** The questionnaire a wave runs (its snapshot), or null before it has one. */
export function questionnaireOf(wave: Wave): Questionnaire | null {
  return wave.questionnaire_json ? waveQuestionnaire(wave) : null;
}

/** The wave's reminder days (days after the invitation), ascending. */
export function reminderDaysOf(wave: Wave): number[] {
  return waveReminderDays(wave);
}

const refusals: Record<WaveAction, () => Error> = {
  chooseQuestionnaire: questionnaireFrozen,
  launch: alreadyLaunched,
  addParticipants: () => waveActionClosed('deelnemers toevoegen of importeren'),
  openLink: () => waveActionClosed('een open link maken'),
  testMail: () => waveActionClosed('een testbericht sturen'),
};

/**
 * A signed-in user acts on a wave only in a house whose waves they manage (else 404, as for a wave
 * that does not exist; the routes check this already, the use cases again); the command line may act on every wave.
 */
export function assertManagesWave(ctx: Context, wave: Pick<Wave, 'house_id'>): void {
  if ('user' in ctx.actor && !can(ctx.actor.user, 'manageWaves', wave.house_id)) throw waveNotFound();
}

/** Refuse an action the wave's state no longer allows (a page may have offered it before the state changed). */
export function assertWaveAllows(wave: Pick<Wave, 'opens_at' | 'closes_at' | 'launched_at'>, now: Date, action: WaveAction): void {
  if (!waveAllows(waveState(wave, now), action)) throw refusals[action]();
}

/** Create a wave of the questionnaire (snapshotted into the wave) with checked settings, as a concept; audit-logged. */
export async function createWave(ctx: Context, questionnaire: Questionnaire, settings: WaveSettings): Promise<Wave> {
  await checkWaveHouse(ctx, settings.house_id);
  return transaction(ctx.db, async (trx) => {
    const wave = await insertWave(trx, questionnaire, { ...settings, open_link_hash: null, purged_at: null, launched_at: null }, ctx.now);
    await audit(within(ctx, trx), {
      action: 'wave_created',
      waveId: wave.id,
      details: { questionnaire: questionnaire.id, version: questionnaire.version, ...Object.fromEntries(AUDITED_SETTINGS.map((k) => [k, wave[k]])) },
    });
    return wave;
  });
}

/**
 * What an opened wave promised can only become stricter: anonymity cannot be switched off and the
 * minimum group size cannot go down (a size of 1 would switch off every suppression and release the
 * raw data of the smallest wave); a closed wave can still become a test wave (out of every benchmark),
 * a closed test wave not a real one. Field errors in Dutch (by form field); none when the change is allowed.
 */
export function loosenedSettings(wave: Wave, settings: Pick<WaveSettings, 'anonymous' | 'min_cell_size'> & Partial<Pick<WaveSettings, 'is_test'>>, now: Date): Record<string, string> {
  // before opening nobody has answered yet: every setting is free
  const state = waveState(wave, now);
  if (state !== 'open' && state !== 'closed') return {};
  const errors: Record<string, string> = {};
  if (settings.anonymous < wave.anonymous) errors.anonymous = 'Deze ronde is als anonieme ronde geopend; dat kan niet meer worden uitgezet.';
  if (settings.min_cell_size < wave.min_cell_size) {
    errors.minCellSize = `Sinds de opening kan de minimale groepsgrootte alleen hoger worden, niet lager dan ${wave.min_cell_size}.`;
  }
  // a closed test wave's answers were never compared with anything; they do not become a real wave's afterwards
  if (state === 'closed' && settings.is_test !== undefined && settings.is_test < wave.is_test)
    errors.test = 'Deze ronde is gesloten als testronde; dat kan niet meer worden uitgezet.';
  return errors;
}

/**
 * Change a wave's settings (checked by parseWaveForm); refused (409) when it would loosen what the
 * opened wave promised (loosenedSettings). A wave switched to anonymous has its responses unlinked in
 * the same transaction. The audit entry records every changed setting before and after.
 */
export async function updateWave(ctx: Context, wave: Wave, settings: WaveSettings): Promise<void> {
  if (settings.house_id !== wave.house_id) await checkWaveHouse(ctx, settings.house_id);
  const unlinked = await transaction(ctx.db, async (trx) => {
    // the rule is checked against the row as it is now, inside the transaction that changes it
    const current = await findWaveRow(trx, wave.id);
    if (!current) throw waveNotFound();
    const loosened = loosenedSettings(current, settings, ctx.now);
    if (Object.keys(loosened).length > 0) throw waveSettingsLocked(Object.values(loosened).join(' '));
    // a wave that closes again later is sealed again then (services/sealing.ts)
    await updateWaveRow(trx, wave.id, settings.closes_at === current.closes_at ? settings : { ...settings, sealed_on: null });
    const unlinked = current.anonymous === 0 && settings.anonymous === 1 ? await unlinkWaveResponses(trx, wave.id, dutchDay(ctx.now)) : 0;
    await audit(within(ctx, trx), {
      action: 'wave_updated',
      waveId: wave.id,
      details: { changes: changes(current as unknown as Record<string, unknown>, settings as unknown as Record<string, unknown>, AUDITED_SETTINGS), ...(unlinked > 0 ? { unlinkedResponses: unlinked } : {}) },
    });
    return unlinked;
  });
  // the responses' old rows stay in the log until it is truncated
  if (unlinked > 0) scheduleWalScrub(ctx.db);
}

/**
 * Mark a wave as a test round, or as a real one again (the command line's `wave mark-test`): the
 * settings change of updateWave, with its rule (a closed test wave stays one) and its audit entry
 * (is_test before and after).
 */
export async function markTestWave(ctx: Context, wave: Wave, isTest: boolean): Promise<void> {
  assertManagesWave(ctx, wave);
  // the audited settings are every setting of the wave form
  const settings = Object.fromEntries(AUDITED_SETTINGS.map((k) => [k, wave[k]])) as unknown as WaveSettings;
  await updateWave(ctx, wave, { ...settings, is_test: isTest ? 1 : 0 });
}

/** Give a concept wave another questionnaire version (refused once launched). Audit-logged. */
export async function chooseQuestionnaire(ctx: Context, wave: Wave, questionnaire: Questionnaire): Promise<void> {
  assertManagesWave(ctx, wave);
  assertWaveAllows(wave, ctx.now, 'chooseQuestionnaire');
  await transaction(ctx.db, async (trx) => {
    if (!(await setWaveQuestionnaire(trx, wave.id, questionnaire))) throw questionnaireFrozen();
    await audit(within(ctx, trx), { action: 'wave_questionnaire_chosen', waveId: wave.id, details: { questionnaire: questionnaire.id, version: questionnaire.version } });
  });
}

/** A new open link (replacing any earlier one); returns its token, which only this answer ever shows: only its hash is stored. */
export async function createOpenLink(ctx: Context, wave: Wave): Promise<string> {
  assertWaveAllows(wave, ctx.now, 'openLink');
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

/**
 * Whether the wave can be deleted: it has never opened (invitations go out from the opening moment,
 * so a wave that opened may have sent mail even if its mail jobs went with removed participants),
 * has sent no mail and holds no responses or answers in progress; else why not.
 */
export async function deletability(db: Db, wave: Wave, now: Date): Promise<{ deletable: true } | { deletable: false; reason: string }> {
  const activity = await waveActivity(db, wave.id);
  if (activity.mailHandedOver > 0) return { deletable: false, reason: 'er is al mail verstuurd.' };
  if (activity.responses > 0) return { deletable: false, reason: 'er zijn al antwoorden ingestuurd.' };
  if (activity.drafts > 0) return { deletable: false, reason: 'er wordt al een vragenlijst ingevuld.' };
  const state = waveState(wave, now);
  if (state === 'open' || state === 'closed') return { deletable: false, reason: 'de ronde is al geopend.' };
  return { deletable: true };
}

/** Delete a wave with everything in it (participants, invitations, planned mail), when deletability() allows it. Audit-logged. */
export async function deleteWave(ctx: Context, wave: Wave): Promise<void> {
  assertManagesWave(ctx, wave);
  await transaction(ctx.db, async (trx) => {
    const check = await deletability(trx, wave, ctx.now);
    if (!check.deletable) throw waveNotDeletable(check.reason);
    const { total } = await participantStatusCounts(trx, wave.id);
    await removeWave(trx, wave.id);
    await audit(within(ctx, trx), {
      action: 'wave_deleted',
      waveId: wave.id,
      // the wave is gone: its house is named here rather than looked up
      houseId: wave.house_id,
      details: { title: wave.title, house: wave.house, questionnaire: wave.questionnaire_id, version: wave.questionnaire_version, participants: total, state: waveState(wave, ctx.now) },
    });
  });
}
