import { sql, type Kysely } from 'kysely';

/**
 * The organisation that sends a wave (who asks, on the respondent's intro page and in the privacy
 * statement), beside the sender's name and address. The questionnaire snapshot is moved back to
 * the end of the row afterwards, as 2026_11_22_2100_snapshot_last explains: a column added after it
 * would make every read of the new column walk the snapshot's overflow pages.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table waves add column sender_organisation text not null default ''`.execute(db);
  await moveSnapshotToEnd(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table waves drop column sender_organisation`.execute(db);
}

async function moveSnapshotToEnd(db: Kysely<any>): Promise<void> {
  await sql`alter table waves add column questionnaire_json_moved text`.execute(db);
  await sql`update waves set questionnaire_json_moved = questionnaire_json`.execute(db);
  await sql`alter table waves drop column questionnaire_json`.execute(db);
  await sql`alter table waves rename column questionnaire_json_moved to questionnaire_json`.execute(db);
}
