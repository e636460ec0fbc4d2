/** Which waves have results, and which waves measure with the same questionnaire version as a given one. */
import type { Db } from '../connection.js';
import type { Wave, WavesTable } from '../database.js';
import { inHouses, type HouseFilter } from './waves.js';

export type WaveWithResponses = Wave & { responses: number };

/** Every wave of the houses with its number of stored responses, the latest opening first. */
export async function wavesWithResponseCounts(db: Db, houses: HouseFilter): Promise<WaveWithResponses[]> {
  const rows = await inHouses(withHouse(db), houses, 'w.house_id')
    .orderBy('w.opens_at', 'desc')
    .orderBy('w.created_at', 'desc')
    .execute();
  return (await withSnapshots(db, rows)).map((w) => ({ ...w, responses: Number(w.responses ?? 0) }));
}

/** Every column of a wave but its snapshot (tens of kilobytes in overflow pages, read from the file on every access). */
const settingsColumns = [
  'id', 'questionnaire_id', 'questionnaire_version', 'title', 'house_id', 'opens_at', 'closes_at', 'anonymous', 'allow_edit', 'reminder_days', 'sender_name', 'sender_organisation', 'sender_email',
  'invitation_subject', 'invitation_template', 'reminder_subject', 'reminder_template', 'min_cell_size', 'retention_days', 'open_link_hash', 'purged_at', 'created_at', 'sealed_on', 'launched_at', 'launched_by', 'round_id', 'is_test',
] as const satisfies ReadonlyArray<Exclude<keyof WavesTable, 'questionnaire_json'>>;

/** Launched waves' snapshots per database, as read once: from launch on a snapshot never changes (setWaveQuestionnaire only replaces a concept's). */
const launchedSnapshots = new WeakMap<Db, Map<string, string | null>>();

/**
 * The rows with their snapshots: a launched wave's from launchedSnapshots, the others' read in one
 * query. A national round's comparison or trend lists some hundred waves on every view, and reading
 * their snapshots (3 MB for 99 Stappenmeter waves) was most of a cached trend page.
 */
async function withSnapshots<T extends { id: string; launched_at: string | null }>(db: Db, rows: T[]): Promise<Array<T & { questionnaire_json: string | null }>> {
  const known = launchedSnapshots.get(db) ?? new Map<string, string | null>();
  launchedSnapshots.set(db, known);
  const missing = rows.filter((r) => r.launched_at === null || !known.has(r.id)).map((r) => r.id);
  const read = new Map<string, string | null>();
  for (let i = 0; i < missing.length; i += 500) {
    const found = await db.selectFrom('waves').select(['id', 'questionnaire_json']).where('id', 'in', missing.slice(i, i + 500)).execute();
    for (const r of found) read.set(r.id, r.questionnaire_json);
  }
  return rows.map((r) => {
    const json = read.has(r.id) ? read.get(r.id)! : known.get(r.id)!;
    if (r.launched_at !== null) known.set(r.id, json);
    return { ...r, questionnaire_json: json };
  });
}

function withHouse(db: Db) {
  return db
    .selectFrom('waves as w')
    .innerJoin('houses as h', 'h.id', 'w.house_id')
    .select(settingsColumns.map((c) => `w.${c}` as const))
    .select('h.name as house')
    .select((eb) => eb.selectFrom('responses as r').select((e) => e.fn.countAll<number>().as('n')).whereRef('r.wave_id', '=', 'w.id').as('responses'));
}

/**
 * The other waves of the same questionnaire id (any version) that have at least one response: the
 * candidates whose aspect scores may mean the same thing (comparableAspects decides per aspect).
 * Latest opening first.
 */
export async function comparableWaves(db: Db, wave: Pick<Wave, 'id' | 'questionnaire_id'>): Promise<WaveWithResponses[]> {
  const rows = await withHouse(db)
    .where('w.questionnaire_id', '=', wave.questionnaire_id)
    .where('w.id', '!=', wave.id)
    .orderBy('w.opens_at', 'desc')
    .orderBy('w.created_at', 'desc')
    .execute();
  return (await withSnapshots(db, rows.filter((w) => Number(w.responses ?? 0) > 0))).map((w) => ({ ...w, responses: Number(w.responses ?? 0) }));
}
