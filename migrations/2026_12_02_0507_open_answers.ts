import { sql, type Kysely } from 'kysely';

/**
 * Open answers as evaluators read them: a researcher's categories per open item (a question, a list,
 * or an "anders, namelijk" text) and, per answer, whether it is hidden, its redacted text and its
 * category. The answer itself stays as given in `answers`. Edits are keyed by the random response id
 * and kept WITHOUT ROWID, like the answers, so their order in the file says nothing about who
 * answered when.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table open_answer_categories (
    id integer primary key autoincrement,
    wave_id text not null references waves(id) on delete cascade,
    item text not null,
    label text not null,
    position integer not null,
    unique (wave_id, item, label)
  )`.execute(db);
  await sql`create table open_answer_edits (
    response_id text not null references responses(id) on delete cascade,
    variable text not null,
    wave_id text not null references waves(id) on delete cascade,
    hidden integer not null default 0 check (hidden in (0, 1)),
    redacted text,
    category_id integer references open_answer_categories(id) on delete set null,
    primary key (response_id, variable)
  ) without rowid`.execute(db);
  await sql`create index open_answer_edits_wave on open_answer_edits (wave_id)`.execute(db);
  await sql`create index open_answer_edits_category on open_answer_edits (category_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('open_answer_edits').execute();
  await db.schema.dropTable('open_answer_categories').execute();
}
