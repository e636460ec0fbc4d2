import { randomBytes } from 'node:crypto';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import type { Db } from '../connection.js';
import type { NewWave, Wave } from '../database.js';

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
