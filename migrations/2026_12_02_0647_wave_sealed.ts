import { sql, type Kysely } from 'kysely';

/**
 * `sealed_on`: the day an anonymous wave was sealed after it closed (its drafts removed, the database
 * file rebuilt so that no page keeps the order of submissions). Null while open, for waves that are
 * not anonymous, and again when a closed wave's closing date is moved (it is sealed when it closes
 * again). The questionnaire snapshot moves back to the end of the row, as 2026_11_22_2100_snapshot_last
 * explains: a column after it is read from its overflow pages.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('waves').addColumn('sealed_on', 'text').execute();
  await moveSnapshotToEnd(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('waves').dropColumn('sealed_on').execute();
}

async function moveSnapshotToEnd(db: Kysely<any>): Promise<void> {
  await sql`alter table waves add column questionnaire_json_moved text`.execute(db);
  await sql`update waves set questionnaire_json_moved = questionnaire_json`.execute(db);
  await sql`alter table waves drop column questionnaire_json`.execute(db);
  await sql`alter table waves rename column questionnaire_json_moved to questionnaire_json`.execute(db);
}
