import { randomBytes } from 'node:crypto';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import type { Db } from '../connection.js';
import type { NewWave, Wave, WaveUpdate } from '../database.js';

/** A short random wave id (URL-safe, unguessable enough to not reveal how many waves exist). */
export function newWaveId(): string {
  return randomBytes(6).toString('base64url');
}

export type WaveInput = Omit<NewWave, 'id' | 'questionnaire_id' | 'questionnaire_version' | 'questionnaire_json' | 'created_at'>;

/** Create a wave; the questionnaire is snapshotted into the wave so later file edits never change it. */
export async function createWave(db: Db, questionnaire: Questionnaire, input: WaveInput, now: Date): Promise<Wave> {
  const row: NewWave = {
    ...input,
    id: newWaveId(),
    questionnaire_id: questionnaire.id,
    questionnaire_version: questionnaire.version,
    questionnaire_json: JSON.stringify(questionnaire),
    created_at: now.toISOString(),
  };
  return db.insertInto('waves').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findWave(db: Db, id: string): Promise<Wave | undefined> {
  return db.selectFrom('waves').selectAll().where('id', '=', id).executeTakeFirst();
}

const frozen = new Map<string, { json: string; questionnaire: Questionnaire }>();

/** The questionnaire a wave runs (its frozen snapshot), parsed once per distinct snapshot. */
export function waveQuestionnaire(wave: Pick<Wave, 'id' | 'questionnaire_json'>): Questionnaire {
  if (!wave.questionnaire_json) throw new Error(`wave ${wave.id} has no questionnaire snapshot`);
  const cached = frozen.get(wave.id);
  if (cached && cached.json === wave.questionnaire_json) return cached.questionnaire;
  const questionnaire = JSON.parse(wave.questionnaire_json) as Questionnaire;
  frozen.set(wave.id, { json: wave.questionnaire_json, questionnaire });
  return questionnaire;
}

/** Every wave, the latest opening first. */
export async function listWaves(db: Db): Promise<Wave[]> {
  return db.selectFrom('waves').selectAll().orderBy('opens_at', 'desc').orderBy('created_at', 'desc').execute();
}

/** Change a wave's settings (never its id, questionnaire or snapshot: see refreshWaveQuestionnaire). */
export async function updateWave(
  db: Db,
  id: string,
  changes: Omit<WaveUpdate, 'id' | 'questionnaire_id' | 'questionnaire_version' | 'questionnaire_json' | 'created_at'>,
): Promise<Wave | undefined> {
  return db.updateTable('waves').set(changes).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * Replace the snapshot with the current questionnaire file, only while the wave has not opened
 * (checked in the same statement, so a wave that opened meanwhile stays frozen). True when replaced.
 */
export async function refreshWaveQuestionnaire(db: Db, id: string, questionnaire: Questionnaire, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('waves')
    .set({ questionnaire_version: questionnaire.version, questionnaire_json: JSON.stringify(questionnaire) })
    .where('id', '=', id)
    .where('questionnaire_id', '=', questionnaire.id)
    .where('opens_at', '>', now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Store (or with null remove) the sha256 of the wave's open link token. */
export async function setOpenLinkHash(db: Db, id: string, hash: string | null): Promise<void> {
  await db.updateTable('waves').set({ open_link_hash: hash }).where('id', '=', id).execute();
}
