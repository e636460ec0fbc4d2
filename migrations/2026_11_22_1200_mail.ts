import type { Kysely } from 'kysely';

/**
 * Mail sending: `sending_at` records when a job was handed to the mail server, so a job whose fate
 * is unknown after a crash can still anchor its reminder schedule and be shown with its time;
 * indexes for the per-wave job overview and the outbox viewer.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_jobs').addColumn('sending_at', 'text').execute();
  await db.schema.createIndex('mail_jobs_wave').on('mail_jobs').columns(['wave_id', 'kind', 'round', 'status']).execute();
  await db.schema.createIndex('outbox_job').on('outbox').column('job_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_job').execute();
  await db.schema.dropIndex('mail_jobs_wave').execute();
  await db.schema.alterTable('mail_jobs').dropColumn('sending_at').execute();
}
