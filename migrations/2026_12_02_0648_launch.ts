import { sql, type Kysely } from 'kysely';

/**
 * Before launch (issue 13):
 * - `questionnaire_versions`: every questionnaire version the platform knows, from a file in
 *   QUESTIONNAIRES_DIR or added in the browser or by `questionnaire import`, with the JSON as given.
 * - `waves.launched_at` / `launched_by`: a wave is a concept until a researcher launches it; waves
 *   that exist already were running under the old rules, so they count as launched when created.
 *   The snapshot moves back to the end of the row (see 2026_11_22_2100_snapshot_last: respondent
 *   requests read the columns before it without walking its overflow pages).
 * - `review_links`: read-only previews of a version for someone without an account.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table questionnaire_versions (
    questionnaire_id text not null,
    version text not null,
    title text not null,
    source_json text not null,
    content_hash text not null,
    source text not null,
    source_name text,
    added_at text not null,
    added_by text not null,
    primary key (questionnaire_id, version)
  ) without rowid`.execute(db);

  await sql`alter table waves add column launched_at text`.execute(db);
  await sql`alter table waves add column launched_by text`.execute(db);
  await sql`update waves set launched_at = created_at, launched_by = 'migratie'`.execute(db);
  await moveSnapshotToEnd(db);
  await sql`create index waves_questionnaire on waves(questionnaire_id, questionnaire_version)`.execute(db);

  await sql`create table review_links (
    id integer primary key,
    token_hash text not null unique,
    questionnaire_id text not null,
    version text not null,
    label text not null,
    created_by text not null,
    created_at text not null,
    expires_at text not null,
    withdrawn_at text,
    foreign key (questionnaire_id, version) references questionnaire_versions(questionnaire_id, version) on delete cascade
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_links').execute();
  await sql`drop index waves_questionnaire`.execute(db);
  await sql`alter table waves drop column launched_by`.execute(db);
  await sql`alter table waves drop column launched_at`.execute(db);
  await db.schema.dropTable('questionnaire_versions').execute();
}

async function moveSnapshotToEnd(db: Kysely<any>): Promise<void> {
  await sql`alter table waves add column questionnaire_json_moved text`.execute(db);
  await sql`update waves set questionnaire_json_moved = questionnaire_json`.execute(db);
  await sql`alter table waves drop column questionnaire_json`.execute(db);
  await sql`alter table waves rename column questionnaire_json_moved to questionnaire_json`.execute(db);
}
