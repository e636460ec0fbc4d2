/** Which waves have results, and which waves measure with the same questionnaire version as a given one. */
import type { Db } from '../connection.js';
import type { Wave } from '../database.js';
import { inHouses, type HouseFilter } from './waves.js';

export type WaveWithResponses = Wave & { responses: number };

/** Every wave of the houses with its number of stored responses, the latest opening first. */
export async function wavesWithResponseCounts(db: Db, houses: HouseFilter): Promise<WaveWithResponses[]> {
  const rows = await inHouses(withHouse(db), houses, 'w.house_id')
    .orderBy('w.opens_at', 'desc')
    .orderBy('w.created_at', 'desc')
    .execute();
  return rows.map((w) => ({ ...w, responses: Number(w.responses ?? 0) }));
}

function withHouse(db: Db) {
  return db
    .selectFrom('waves as w')
    .innerJoin('houses as h', 'h.id', 'w.house_id')
    .selectAll('w')
    .select('h.name as house')
    .select((eb) => eb.selectFrom('responses as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.wave_id', '=', 'w.id').as('responses'));
}

/**
 * The other waves of the same questionnaire id and version that have at least one response: the
 * only waves whose aspect scores mean the same thing. Latest opening first.
 */
export async function comparableWaves(db: Db, wave: Pick<Wave, 'id' | 'questionnaire_id' | 'questionnaire_version'>): Promise<WaveWithResponses[]> {
  const rows = await withHouse(db)
    .where('w.questionnaire_id', '=', wave.questionnaire_id)
    .where('w.questionnaire_version', '=', wave.questionnaire_version)
    .where('w.id', '!=', wave.id)
    .orderBy('w.opens_at', 'desc')
    .orderBy('w.created_at', 'desc')
    .execute();
  return rows.map((w) => ({ ...w, responses: Number(w.responses ?? 0) })).filter((w) => w.responses > 0);
}
