import { sql, type Kysely } from 'kysely';

/**
 * The initial schema. Responses, answers and contacts are WITHOUT ROWID tables keyed by random ids,
 * so their physical order reveals nothing about the order in which people answered.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('researcher', 'evaluator')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('waves')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('questionnaire_id', 'text', (c) => c.notNull())
    .addColumn('questionnaire_version', 'text', (c) => c.notNull())
    .addColumn('questionnaire_json', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('house', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'text', (c) => c.notNull())
    .addColumn('closes_at', 'text', (c) => c.notNull())
    .addColumn('anonymous', 'integer', (c) => c.notNull())
    .addColumn('allow_edit', 'integer', (c) => c.notNull())
    .addColumn('reminder_days', 'text', (c) => c.notNull())
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('sender_email', 'text', (c) => c.notNull())
    .addColumn('invitation_subject', 'text', (c) => c.notNull())
    .addColumn('invitation_template', 'text', (c) => c.notNull())
    .addColumn('reminder_subject', 'text', (c) => c.notNull())
    .addColumn('reminder_template', 'text', (c) => c.notNull())
    .addColumn('min_cell_size', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('retention_days', 'integer')
    .addColumn('open_link_hash', 'text', (c) => c.unique())
    .addColumn('purged_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('participants')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('eligible', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('ineligible_reason', 'text')
    .addColumn('opted_out_at', 'text')
    .addColumn('bounced_at', 'text')
    .addColumn('bounce_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('participants_wave_email', ['wave_id', 'email'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('participant_id', 'integer', (c) => c.notNull().unique().references('participants.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_nonce', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('invited'))
    .addColumn('responses_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('drafts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('invitation_id', 'integer', (c) => c.unique().references('invitations.id').onDelete('cascade'))
    .addColumn('values_json', 'text', (c) => c.notNull())
    .addColumn('page', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await sql`create table responses (
    id text primary key,
    wave_id text not null references waves(id) on delete cascade,
    invitation_id integer references invitations(id) on delete set null,
    participant_id integer references participants(id) on delete set null,
    submitted_on text not null,
    submitted_at text
  ) without rowid`.execute(db);
  await sql`create index responses_wave on responses (wave_id)`.execute(db);

  await sql`create table answers (
    response_id text not null references responses(id) on delete cascade,
    variable text not null,
    num real,
    txt text,
    primary key (response_id, variable)
  ) without rowid`.execute(db);

  await sql`create table contacts (
    id text primary key,
    wave_id text not null references waves(id) on delete cascade,
    values_json text not null,
    created_on text not null
  ) without rowid`.execute(db);

  await db.schema
    .createTable('mail_jobs')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('wave_id', 'text', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('participants.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mail_jobs_once', ['participant_id', 'kind', 'round'])
    .execute();
  await db.schema.createIndex('mail_jobs_due').on('mail_jobs').columns(['status', 'due_at']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('job_id', 'integer', (c) => c.references('mail_jobs.id').onDelete('set null'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'outbox', 'mail_jobs', 'contacts', 'answers', 'responses', 'drafts', 'invitations', 'participants', 'waves', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute();
  }
}
