import { sql, type Kysely } from 'kysely';

/**
 * Retention: when a wave's personal data are purged, its response-rate figures are kept as a
 * snapshot (the participant list they were computed from is no longer complete afterwards).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table wave_rate_snapshots (
    wave_id text primary key references waves(id) on delete cascade,
    rates_json text not null,
    created_at text not null
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wave_rate_snapshots').execute();
}
