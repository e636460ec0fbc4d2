import { sql, type Kysely } from 'kysely';

/**
 * Respondent side: a draft may be an edit of a submitted response (non-anonymous waves that allow
 * editing until close); `response_id` names that response. Anonymous responses are never edited, so
 * the column stays null there and links nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table drafts add column response_id text references responses(id) on delete cascade`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('drafts').dropColumn('response_id').execute();
}
