import { sql, type Kysely } from 'kysely';

/**
 * National rounds (issue 14): one questionnaire version and one period for many houses at once.
 * `national_rounds` holds the round; each house's concept wave points to it through `waves.round_id`
 * (null for a wave a house made on its own). Deleting a round's wave leaves the round.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table national_rounds (
    id integer primary key,
    title text not null,
    questionnaire_id text not null,
    questionnaire_version text not null,
    opens_at text not null,
    closes_at text not null,
    reminder_days text not null,
    created_at text not null,
    created_by text not null
  )`.execute(db);
  await sql`alter table waves add column round_id integer references national_rounds(id)`.execute(db);
  // the snapshot stays the row's last column (see 2026_11_22_2100_snapshot_last)
  await sql`alter table waves add column questionnaire_json_moved text`.execute(db);
  await sql`update waves set questionnaire_json_moved = questionnaire_json`.execute(db);
  await sql`alter table waves drop column questionnaire_json`.execute(db);
  await sql`alter table waves rename column questionnaire_json_moved to questionnaire_json`.execute(db);
  await sql`create index waves_round on waves(round_id) where round_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index waves_round`.execute(db);
  await sql`alter table waves drop column round_id`.execute(db);
  await db.schema.dropTable('national_rounds').execute();
}
