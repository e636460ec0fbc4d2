/** Which waves have results, and which waves measure with the same questionnaire version as a given one. */
import type { Db } from '../connection.js';
import type { Wave } from '../database.js';

export type WaveWithResponses = Wave & { responses: number };

/** Every wave with its number of stored responses, the latest opening first. */
export async function wavesWithResponseCounts(db: Db): Promise<WaveWithResponses[]> {
  const rows = await db
    .selectFrom('waves as w')
    .selectAll('w')
    .select((eb) => eb.selectFrom('responses as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.wave_id', '=', 'w.id').as('responses'))
    .orderBy('w.opens_at', 'desc')
    .orderBy('w.created_at', 'desc')
    .execute();
  return rows.map((w) => ({ ...w, responses: Number(w.responses ?? 0) }));
}

/**
 * The other waves of the same questionnaire id and version that have at least one response: the
 * only waves whose aspect scores mean the same thing. Latest opening first.
 */
export async function comparableWaves(db: Db, wave: Pick<Wave, 'id' | 'questionnaire_id' | 'questionnaire_version'>): Promise<WaveWithResponses[]> {
  const rows = await db
    .selectFrom('waves as w')
    .selectAll('w')
    .select((eb) => eb.selectFrom('responses as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.wave_id', '=', 'w.id').as('responses'))
    .where('w.questionnaire_id', '=', wave.questionnaire_id)
    .where('w.questionnaire_version', '=', wave.questionnaire_version)
    .where('w.id', '!=', wave.id)
    .orderBy('w.opens_at', 'desc')
    .orderBy('w.created_at', 'desc')
    .execute();
  return rows.map((w) => ({ ...w, responses: Number(w.responses ?? 0) })).filter((w) => w.responses > 0);
}
