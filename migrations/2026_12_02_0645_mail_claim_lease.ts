import type { Kysely } from 'kysely';

/**
 * A mail job being sent carries its claim: who claimed it (`claimed_by`, one id per sending process)
 * and until when the claim holds (`lease_until`, renewed while that process works). Another process
 * takes a 'sending' job for interrupted only once its lease has run out, so two live senders no longer
 * mark each other's messages "unknown".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_jobs').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('mail_jobs').addColumn('lease_until', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_jobs').dropColumn('lease_until').execute();
  await db.schema.alterTable('mail_jobs').dropColumn('claimed_by').execute();
}
