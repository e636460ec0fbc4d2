import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { parseReminderDays } from '../../domain/fieldwork/reminderPolicy.js';
import { timeOf } from '../../domain/fieldwork/waveState.js';
import type { Questionnaire } from '../../domain/questionnaire/normalize.js';
import type { Db } from '../connection.js';
import type { NewWave, Wave, WaveUpdate } from '../database.js';

/**
 * A short random wave id (URL-safe, unguessable enough to not reveal how many waves exist). Letters
 * and digits only: an id starting with '-' would be taken for an option in `--wave <id>`.
 */
export function newWaveId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  // rejecting bytes above the largest multiple of the alphabet size keeps every character equally likely
  const limit = 256 - (256 % alphabet.length);
  let id = '';
  while (id.length < 10) {
    for (const byte of randomBytes(16)) {
      if (byte < limit && id.length < 10) id += alphabet[byte % alphabet.length];
    }
  }
  return id;
}

/** A new wave's settings; `launched_at` null makes it a concept. */
export type WaveInput = Omit<NewWave, 'id' | 'questionnaire_id' | 'questionnaire_version' | 'questionnaire_json' | 'created_at' | 'launched_at'> & {
  launched_at: string | null;
};

/**
 * Waves with the name of their house (stored by id): every query that returns a Wave starts here.
 * Qualify columns in a where (`waves.id`): houses has an id and a created_at too.
 */
export function selectWaves(db: Db) {
  return db.selectFrom('waves').innerJoin('houses', 'houses.id', 'waves.house_id').selectAll('waves').select('houses.name as house');
}

/** Create a wave; the questionnaire is snapshotted into the wave, so a later version never changes it. */
export async function createWave(db: Db, questionnaire: Questionnaire, input: WaveInput, now: Date): Promise<Wave> {
  const row: NewWave = {
    ...input,
    id: newWaveId(),
    questionnaire_id: questionnaire.id,
    questionnaire_version: questionnaire.version,
    questionnaire_json: JSON.stringify(questionnaire),
    created_at: now.toISOString(),
  };
  await db.insertInto('waves').values(row).execute();
  return (await findWave(db, row.id))!;
}

export async function findWave(db: Db, id: string): Promise<Wave | undefined> {
  return selectWaves(db).where('waves.id', '=', id).executeTakeFirst();
}

const frozen = new Map<string, { json: string; questionnaire: Questionnaire }>();
/**
 * One parsed questionnaire per distinct snapshot text: the waves of a national round (or a house's
 * waves of one version) share it, and with it every cache keyed by the questionnaire object (its
 * index, analysis plan, question modules) instead of parsing and planning the same version 99 times.
 */
const byText = new Map<string, Questionnaire>();
/** Distinct snapshot texts kept: a concept wave's replaced snapshots must not pile up in a long-running server. */
const MAX_SNAPSHOT_TEXTS = 64;

/** The questionnaire a wave runs (its frozen snapshot), parsed once per distinct snapshot. */
export function waveQuestionnaire(wave: Pick<Wave, 'id' | 'questionnaire_json'>): Questionnaire {
  if (!wave.questionnaire_json) throw new Error(`wave ${wave.id} has no questionnaire snapshot`);
  const cached = frozen.get(wave.id);
  if (cached && cached.json === wave.questionnaire_json) return cached.questionnaire;
  let questionnaire = byText.get(wave.questionnaire_json);
  if (!questionnaire) {
    questionnaire = JSON.parse(wave.questionnaire_json) as Questionnaire;
    if (byText.size >= MAX_SNAPSHOT_TEXTS) byText.delete(byText.keys().next().value!);
    byText.set(wave.questionnaire_json, questionnaire);
  }
  frozen.set(wave.id, { json: wave.questionnaire_json, questionnaire });
  return questionnaire;
}

/** The wave's reminder days, validated, ascending. */
export function waveReminderDays(wave: Pick<Wave, 'reminder_days'>): number[] {
  return parseReminderDays(wave.reminder_days);
}

/** A wave's row without its questionnaire snapshot (tens of kilobytes). */
export type WaveSettings = Omit<Wave, 'questionnaire_json'>;

/**
 * The wave settings a respondent request uses. The snapshot and the e-mail texts stay in the
 * database: every column read is copied into a new JS value on every request, and the e-mail texts
 * alone were a third of the respondent's session query.
 */
export const respondentWaveColumns = ['id', 'questionnaire_id', 'title', 'opens_at', 'closes_at', 'anonymous', 'allow_edit', 'purged_at', 'launched_at'] as const satisfies ReadonlyArray<
  keyof WaveSettings
>;
export type RespondentWave = Pick<WaveSettings, (typeof respondentWaveColumns)[number] | 'house'> & { has_snapshot: 0 | 1 };

/**
 * Whether a wave has its snapshot. `typeof()` reads only the column's type from the row header;
 * `IS NOT NULL` would load the whole snapshot from its overflow pages.
 */
export const hasSnapshot = (column: 'waves.questionnaire_json' | 'w.questionnaire_json') => sql<0 | 1>`typeof(${sql.ref(column)}) <> 'null'`;

/** What respondents are told about who asks and what happens to their data (intro page, privacy statement). */
export const waveAboutColumns = ['sender_name', 'sender_organisation', 'sender_email', 'retention_days', 'min_cell_size'] as const satisfies ReadonlyArray<keyof WaveSettings>;
export type WaveAbout = Pick<WaveSettings, (typeof waveAboutColumns)[number]>;

/** The sender and data facts of a wave, read only for the pages that tell them (not for every respondent request). */
export async function findWaveAbout(db: Db, waveId: string): Promise<WaveAbout | undefined> {
  return db.selectFrom('waves').select(waveAboutColumns).where('id', '=', waveId).executeTakeFirst();
}

/** Waves as respondent requests see them, and whether they have a snapshot; add a where. */
export function selectRespondentWave(db: Db) {
  return db
    .selectFrom('waves')
    .innerJoin('houses', 'houses.id', 'waves.house_id')
    .select(respondentWaveColumns.map((c) => `waves.${c}` as const))
    .select('houses.name as house')
    .select(hasSnapshot('waves.questionnaire_json').as('has_snapshot'));
}

const opened = new WeakMap<Db, Map<string, Questionnaire>>();

/**
 * The questionnaire of a wave that has been launched and has opened, read and parsed once per wave
 * and database: from launch on the snapshot never changes (setWaveQuestionnaire() only replaces a
 * concept's). Before that it is read afresh every time. Undefined when the wave has no snapshot.
 */
export async function openedWaveQuestionnaire(db: Db, wave: Pick<Wave, 'id' | 'opens_at' | 'launched_at'>, now: Date): Promise<Questionnaire | undefined> {
  const hit = keptWaveQuestionnaire(db, wave, now);
  if (hit) return hit;
  const frozenNow = isFrozen(wave, now);
  const cache = opened.get(db) ?? new Map<string, Questionnaire>();
  const row = await db.selectFrom('waves').select(['id', 'questionnaire_json']).where('id', '=', wave.id).executeTakeFirst();
  if (!row?.questionnaire_json) return undefined;
  const questionnaire = waveQuestionnaire(row);
  if (frozenNow) {
    cache.set(wave.id, questionnaire);
    opened.set(db, cache);
  }
  return questionnaire;
}

const isFrozen = (wave: Pick<Wave, 'opens_at' | 'launched_at'>, now: Date) => wave.launched_at !== null && timeOf(wave.opens_at) <= now.getTime();

/** openedWaveQuestionnaire() when it is kept already (no promise: every respondent request asks), else undefined. */
export function keptWaveQuestionnaire(db: Db, wave: Pick<Wave, 'id' | 'opens_at' | 'launched_at'>, now: Date): Questionnaire | undefined {
  return isFrozen(wave, now) ? opened.get(db)?.get(wave.id) : undefined;
}

/** The waves whose personal data are not purged (the ones mail can still go to), or only `waveId`. */
export async function unpurgedWaves(db: Db, waveId?: string): Promise<Wave[]> {
  let query = selectWaves(db).where('waves.purged_at', 'is', null);
  if (waveId) query = query.where('waves.id', '=', waveId);
  return query.execute();
}

/** Whether any wave belongs to this house. */
export async function houseHasWaves(db: Db, houseId: number): Promise<boolean> {
  return (await db.selectFrom('waves').select('id').where('house_id', '=', houseId).limit(1).executeTakeFirst()) !== undefined;
}

/** Every wave of the houses (all houses with 'all'), the latest opening first. */
export async function listWaves(db: Db, houses: HouseFilter = 'all'): Promise<Wave[]> {
  return inHouses(selectWaves(db), houses).orderBy('waves.opens_at', 'desc').orderBy('waves.created_at', 'desc').execute();
}

/** Which houses a query may see: every house, or those ids (decided by services/access.ts). */
export type HouseFilter = 'all' | readonly number[];

/** Restrict a query over `waves` to the houses of the filter. */
export function inHouses<Q extends { where: (...args: any[]) => Q }>(query: Q, houses: HouseFilter, column = 'waves.house_id'): Q {
  if (houses === 'all') return query;
  return houses.length === 0 ? query.where(sql<boolean>`0`) : query.where(sql.ref(column), 'in', houses);
}

/** Change a wave's settings (never its id, questionnaire or snapshot: see setWaveQuestionnaire). */
export async function updateWave(
  db: Db,
  id: string,
  changes: Omit<WaveUpdate, 'id' | 'questionnaire_id' | 'questionnaire_version' | 'questionnaire_json' | 'created_at' | 'launched_at' | 'launched_by'>,
): Promise<Wave | undefined> {
  const updated = await db.updateTable('waves').set(changes).where('id', '=', id).executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? findWave(db, id) : undefined;
}

/**
 * Replace the snapshot with another questionnaire version, only while the wave is a concept (checked
 * in the same statement, so a wave launched meanwhile keeps its questionnaire). True when replaced.
 */
export async function setWaveQuestionnaire(db: Db, id: string, questionnaire: Questionnaire): Promise<boolean> {
  const result = await db
    .updateTable('waves')
    .set({ questionnaire_id: questionnaire.id, questionnaire_version: questionnaire.version, questionnaire_json: JSON.stringify(questionnaire) })
    .where('id', '=', id)
    .where('launched_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Launch a concept wave: true when it was a concept (a second launch changes nothing). */
export async function markLaunched(db: Db, id: string, at: Date, by: string): Promise<boolean> {
  const result = await db
    .updateTable('waves')
    .set({ launched_at: at.toISOString(), launched_by: by })
    .where('id', '=', id)
    .where('launched_at', 'is', null)
    .where('questionnaire_json', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Store (or with null remove) the sha256 of the wave's open link token. */
export async function setOpenLinkHash(db: Db, id: string, hash: string | null): Promise<void> {
  await db.updateTable('waves').set({ open_link_hash: hash }).where('id', '=', id).execute();
}

/** What a wave holds that makes it history: responses, drafts, and mail handed to a mail server or the outbox. */
export async function waveActivity(db: Db, id: string): Promise<{ responses: number; drafts: number; mailHandedOver: number }> {
  const count = (n: { n: number | string | bigint } | undefined) => Number(n?.n ?? 0);
  const [responses, drafts, mail] = await Promise.all([
    db.selectFrom('responses').select((eb) => eb.fn.countAll<number>().as('n')).where('wave_id', '=', id).executeTakeFirst(),
    db.selectFrom('drafts').select((eb) => eb.fn.countAll<number>().as('n')).where('wave_id', '=', id).executeTakeFirst(),
    db
      .selectFrom('mail_jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('wave_id', '=', id)
      .where((eb) => eb.or([eb('attempts', '>', 0), eb('status', 'in', ['sending', 'sent', 'unknown', 'failed'])]))
      .executeTakeFirst(),
  ]);
  return { responses: count(responses), drafts: count(drafts), mailHandedOver: count(mail) };
}

/** Delete a wave with everything in it (participants, invitations, drafts, mail jobs cascade). True when it existed. */
export async function deleteWave(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('waves').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Launched anonymous waves that have closed at `now` and are not sealed yet (services/sealing.ts). */
export async function wavesToSeal(db: Db, now: Date): Promise<Wave[]> {
  return selectWaves(db)
    .where('waves.anonymous', '=', 1)
    .where('waves.launched_at', 'is not', null)
    .where('waves.sealed_on', 'is', null)
    .where('waves.closes_at', '<=', now.toISOString())
    .orderBy('waves.closes_at')
    .execute();
}

/** Record the day the wave was sealed. */
export async function markSealed(db: Db, id: string, day: string): Promise<void> {
  await db.updateTable('waves').set({ sealed_on: day }).where('id', '=', id).execute();
}
