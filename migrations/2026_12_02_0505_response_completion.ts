import { sql, type Kysely } from 'kysely';

/**
 * Complete or partial: `responses.complete` says whether a sent response met its questionnaire's
 * completion rule (a fact about the response, computable from its answers anyway). Every response
 * sent before this migration was complete by the rule of its day.
 *
 * In an anonymous wave a person's complete/partial state may not be stored with the invitation:
 * since completeness follows from the answers, a "partial" invitation would point at the partial
 * response. `submission_counts` keeps only the wave's totals, counted when a person first sends.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table responses add column complete integer not null default 1 check (complete in (0, 1))`.execute(db);
  await sql`create table submission_counts (
    wave_id text primary key references waves(id) on delete cascade,
    complete_persons integer not null default 0,
    partial_persons integer not null default 0
  )`.execute(db);
  await sql`insert into submission_counts (wave_id, complete_persons, partial_persons)
    select i.wave_id, count(*), 0 from invitations i join waves w on w.id = i.wave_id
    where w.anonymous = 1 and i.status = 'completed' group by i.wave_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('submission_counts').execute();
  await sql`alter table responses drop column complete`.execute(db);
}
