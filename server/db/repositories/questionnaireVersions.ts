/**
 * Stored questionnaire versions and the review links that show one. A version is inserted once;
 * replacing its content is possible only while no wave uses it (checked in the same statement).
 */
import type { Db } from '../connection.js';
import type { QuestionnaireVersionRow, ReviewLink } from '../database.js';
import { inHouses, type HouseFilter } from './waves.js';

export type VersionListRow = Omit<QuestionnaireVersionRow, 'source_json'>;

/** Store a new version. */
export async function insertVersion(db: Db, row: QuestionnaireVersionRow): Promise<void> {
  await db.insertInto('questionnaire_versions').values(row).execute();
}

/** Replace a stored version's content when no wave uses it; true when replaced. */
export async function replaceUnusedVersion(db: Db, row: QuestionnaireVersionRow): Promise<boolean> {
  const result = await db
    .updateTable('questionnaire_versions')
    .set({ title: row.title, source_json: row.source_json, content_hash: row.content_hash, source: row.source, source_name: row.source_name, added_at: row.added_at, added_by: row.added_by })
    .where('questionnaire_id', '=', row.questionnaire_id)
    .where('version', '=', row.version)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('waves').select('id').whereRef('waves.questionnaire_id', '=', 'questionnaire_versions.questionnaire_id').whereRef('waves.questionnaire_version', '=', 'questionnaire_versions.version'))),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One version with its JSON text. */
export async function findVersionRow(db: Db, questionnaireId: string, version: string): Promise<QuestionnaireVersionRow | undefined> {
  return db.selectFrom('questionnaire_versions').selectAll().where('questionnaire_id', '=', questionnaireId).where('version', '=', version).executeTakeFirst();
}

const versionOrder = new Intl.Collator('en', { numeric: true });

/** Every version without its JSON text, by questionnaire, the latest added first (the higher version first when added at once). */
export async function listVersionRows(db: Db): Promise<VersionListRow[]> {
  const rows = await db
    .selectFrom('questionnaire_versions')
    .select(['questionnaire_id', 'version', 'title', 'content_hash', 'source', 'source_name', 'added_at', 'added_by'])
    .execute();
  return rows.sort(
    (a, b) =>
      a.questionnaire_id.localeCompare(b.questionnaire_id) || b.added_at.localeCompare(a.added_at) || versionOrder.compare(b.version, a.version),
  );
}

export interface WaveUse {
  id: string;
  title: string;
  house: string;
  questionnaire_id: string;
  questionnaire_version: string;
  opens_at: string;
  closes_at: string;
  launched_at: string | null;
  is_test: 0 | 1;
}

/** The waves that use a version (all versions, or one questionnaire's), of the houses of the filter. */
export async function waveUses(db: Db, questionnaireId?: string, houses: HouseFilter = 'all'): Promise<WaveUse[]> {
  let query = db
    .selectFrom('waves')
    .innerJoin('houses', 'houses.id', 'waves.house_id')
    .select(['waves.id', 'waves.title', 'houses.name as house', 'waves.questionnaire_id', 'waves.questionnaire_version', 'waves.opens_at', 'waves.closes_at', 'waves.launched_at', 'waves.is_test']);
  if (questionnaireId !== undefined) query = query.where('waves.questionnaire_id', '=', questionnaireId);
  return inHouses(query, houses).orderBy('waves.opens_at', 'desc').execute();
}

/** Store a review link. */
export async function insertReviewLink(db: Db, link: Omit<ReviewLink, 'id' | 'withdrawn_at'>): Promise<number> {
  const row = await db
    .insertInto('review_links')
    .values({ ...link, withdrawn_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The review links of a version, the newest first. */
export async function reviewLinksOf(db: Db, questionnaireId: string, version: string): Promise<ReviewLink[]> {
  return db.selectFrom('review_links').selectAll().where('questionnaire_id', '=', questionnaireId).where('version', '=', version).orderBy('id', 'desc').execute();
}

/** A review link by the hash of its token. */
export async function findReviewLink(db: Db, tokenHash: string): Promise<ReviewLink | undefined> {
  return db.selectFrom('review_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Withdraw a link of this version; true when it was still active. */
export async function withdrawReviewLink(db: Db, id: number, questionnaireId: string, version: string, at: Date, createdBy?: string): Promise<boolean> {
  let update = db
    .updateTable('review_links')
    .set({ withdrawn_at: at.toISOString() })
    .where('id', '=', id)
    .where('questionnaire_id', '=', questionnaireId)
    .where('version', '=', version)
    .where('withdrawn_at', 'is', null);
  if (createdBy !== undefined) update = update.where('created_by', '=', createdBy);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** One wave's snapshot for each id@version that waves use and the store lacks (waves from before versions were stored). */
export async function unstoredWaveVersions(db: Db): Promise<Array<{ id: string; questionnaire_json: string }>> {
  const rows = await db
    .selectFrom('waves as w')
    .leftJoin('questionnaire_versions as v', (join) => join.onRef('v.questionnaire_id', '=', 'w.questionnaire_id').onRef('v.version', '=', 'w.questionnaire_version'))
    .select(['w.id', 'w.questionnaire_id', 'w.questionnaire_version', 'w.questionnaire_json'])
    .where('v.questionnaire_id', 'is', null)
    .where('w.questionnaire_json', 'is not', null)
    .orderBy('w.created_at')
    .execute();
  const seen = new Set<string>();
  const out: Array<{ id: string; questionnaire_json: string }> = [];
  for (const r of rows) {
    const key = `${r.questionnaire_id}\u0000${r.questionnaire_version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ id: r.id, questionnaire_json: r.questionnaire_json! });
  }
  return out;
}
