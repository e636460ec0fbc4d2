import { sql, type Kysely } from 'kysely';

/**
 * Move a wave's questionnaire snapshot (tens of kilobytes, kept in overflow pages) to the end of its
 * row. SQLite stores a row's columns in order, so reading any column after the snapshot walks the
 * snapshot's overflow chain, and overflow pages are read from the file every time (8 pread calls for
 * the Stappenmeter): every respondent request paid that for the wave settings added by later
 * migrations (min_cell_size, retention_days, open_link_hash, purged_at, created_at). Same column, same
 * name, same contents; only its place in the row changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await moveSnapshotToEnd(db);
}

/** Column order carries no meaning for the code, so going down leaves the snapshot where it is. */
export async function down(db: Kysely<any>): Promise<void> {
  await moveSnapshotToEnd(db);
}

async function moveSnapshotToEnd(db: Kysely<any>): Promise<void> {
  await sql`alter table waves add column questionnaire_json_moved text`.execute(db);
  await sql`update waves set questionnaire_json_moved = questionnaire_json`.execute(db);
  await sql`alter table waves drop column questionnaire_json`.execute(db);
  await sql`alter table waves rename column questionnaire_json_moved to questionnaire_json`.execute(db);
}
