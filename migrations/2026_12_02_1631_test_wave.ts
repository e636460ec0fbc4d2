import { sql, type Kysely } from 'kysely';

/**
 * `is_test`: a wave marked as a test round ("Testronde", issue 16). A test wave is never pooled in a
 * benchmark, a trend or a national overview's benchmark, whatever its state. Default 0: every wave
 * that exists is a real one. The questionnaire snapshot moves back to the end of the row, as
 * 2026_11_22_2100_snapshot_last explains.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table waves add column is_test integer not null default 0 check (is_test in (0, 1))`.execute(db);
  await sql`alter table waves add column questionnaire_json_moved text`.execute(db);
  await sql`update waves set questionnaire_json_moved = questionnaire_json`.execute(db);
  await sql`alter table waves drop column questionnaire_json`.execute(db);
  await sql`alter table waves rename column questionnaire_json_moved to questionnaire_json`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table waves drop column is_test`.execute(db);
}
