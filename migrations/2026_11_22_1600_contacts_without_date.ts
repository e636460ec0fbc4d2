import { sql, type Kysely } from 'kysely';

/**
 * Contact answers keep no date: on a day with a single response and a single contact answer, equal
 * dates would pair a name and e-mail address with an anonymous response.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table contacts drop column created_on`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table contacts add column created_on text not null default ''`.execute(db);
}
