import { sql, type Kysely } from 'kysely';

/**
 * Houses and who may see them (issue 14).
 *
 * - `houses` become records. Today's free-text `waves.house` values become houses: identical strings
 *   are one house; near duplicates ("VHH Twente" and "Veiligheidshuis Twente") stay separate and are
 *   listed on the houses page for a researcher to merge. A wave points at its house by `house_id`
 *   (the name column goes), which triggers keep required (SQLite cannot add a NOT NULL column to a
 *   table that has rows, and rebuilding `waves` would cascade into every table that references it).
 * - `grants`: what an account may see. Existing researchers become landelijk onderzoeker, evaluators
 *   landelijk evaluator; `users.role` goes.
 * - Two-factor login: the TOTP secret (encrypted with the server key), the last time step used (no
 *   code is accepted twice) and single-use recovery codes (HMAC-hashed).
 * - Sessions get a stage (waiting for the second factor, enrolling, or signed in), the address and
 *   browser they were started from, and when they were last used: each user sees their sessions.
 * - `login_failures`: failed attempts only, per account and per address, for the login limit.
 * - The audit log gets the columns its page filters on (user, house, wave) and becomes append-only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table houses (
    id integer primary key autoincrement,
    name text not null unique,
    region text,
    municipalities text not null default '[]',
    created_at text not null
  )`.execute(db);
  await sql`insert into houses (name, created_at)
    select house, min(created_at) from waves group by house order by house`.execute(db);

  await sql`alter table waves add column house_id integer references houses(id)`.execute(db);
  await sql`update waves set house_id = (select h.id from houses h where h.name = waves.house)`.execute(db);
  await sql`alter table waves drop column house`.execute(db);
  await sql`create index waves_house on waves (house_id)`.execute(db);
  for (const event of ['insert', 'update']) {
    await sql
      .raw(`create trigger waves_house_required_${event} before ${event} on waves when new.house_id is null
        begin select raise(abort, 'waves.house_id is required'); end`)
      .execute(db);
  }
  // house_id now sits after the questionnaire snapshot; move the snapshot back to the end of the row
  // (see 2026_11_22_2100_snapshot_last: a column after it costs every respondent request its overflow pages)
  await sql`alter table waves add column questionnaire_json_moved text`.execute(db);
  await sql`update waves set questionnaire_json_moved = questionnaire_json`.execute(db);
  await sql`alter table waves drop column questionnaire_json`.execute(db);
  await sql`alter table waves rename column questionnaire_json_moved to questionnaire_json`.execute(db);

  await sql`create table grants (
    id integer primary key autoincrement,
    user_id integer not null references users(id) on delete cascade,
    kind text not null check (kind in ('national-researcher', 'national-evaluator', 'coordinator', 'evaluator')),
    house_id integer references houses(id) on delete cascade,
    created_at text not null,
    check ((kind in ('national-researcher', 'national-evaluator')) = (house_id is null))
  )`.execute(db);
  await sql`create unique index grants_once on grants (user_id, kind, coalesce(house_id, 0))`.execute(db);
  await sql`create index grants_house on grants (house_id)`.execute(db);
  await sql`insert into grants (user_id, kind, house_id, created_at)
    select id, case role when 'researcher' then 'national-researcher' else 'national-evaluator' end, null, created_at from users`.execute(db);
  await sql`alter table users drop column role`.execute(db);

  await sql`alter table users add column totp_secret text`.execute(db);
  await sql`alter table users add column totp_enabled_at text`.execute(db);
  await sql`alter table users add column totp_last_step integer`.execute(db);
  await sql`create table recovery_codes (
    id integer primary key autoincrement,
    user_id integer not null references users(id) on delete cascade,
    code_hash text not null,
    used_at text
  )`.execute(db);
  await sql`create index recovery_codes_user on recovery_codes (user_id)`.execute(db);

  await sql`alter table sessions add column stage text not null default 'full'`.execute(db);
  await sql`alter table sessions add column address text`.execute(db);
  await sql`alter table sessions add column user_agent text`.execute(db);
  await sql`alter table sessions add column last_seen_at text`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);

  await sql`create table login_failures (
    id integer primary key autoincrement,
    at text not null,
    email text not null,
    address text not null
  )`.execute(db);
  await sql`create index login_failures_email on login_failures (email, at)`.execute(db);
  await sql`create index login_failures_address on login_failures (address, at)`.execute(db);

  await sql`alter table audit_log add column user_id integer`.execute(db);
  await sql`alter table audit_log add column house_id integer`.execute(db);
  await sql`alter table audit_log add column wave_id text`.execute(db);
  await sql`update audit_log set wave_id = coalesce(json_extract(details, '$.waveId'), json_extract(details, '$.wave'))
    where json_valid(details)`.execute(db);
  await sql`update audit_log set house_id = (select w.house_id from waves w where w.id = audit_log.wave_id) where wave_id is not null`.execute(db);
  await sql`update audit_log set user_id = (select u.id from users u where u.email = audit_log.actor)`.execute(db);
  await sql`create index audit_log_at on audit_log (at)`.execute(db);
  await sql`create index audit_log_user on audit_log (user_id, at)`.execute(db);
  await sql`create index audit_log_house on audit_log (house_id, at)`.execute(db);
  await sql`create trigger audit_log_no_update before update on audit_log
    begin select raise(abort, 'the audit log is append-only'); end`.execute(db);
  await sql`create trigger audit_log_no_delete before delete on audit_log
    begin select raise(abort, 'the audit log is append-only'); end`.execute(db);
}

/** Back to free-text houses and roles: a house's name goes back onto its waves; the strongest national grant becomes the role. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger audit_log_no_delete`.execute(db);
  await sql`drop trigger audit_log_no_update`.execute(db);
  for (const index of ['audit_log_house', 'audit_log_user', 'audit_log_at']) await sql.raw(`drop index ${index}`).execute(db);
  for (const column of ['wave_id', 'house_id', 'user_id']) await sql.raw(`alter table audit_log drop column ${column}`).execute(db);
  await sql`drop table login_failures`.execute(db);
  await sql`drop index sessions_user`.execute(db);
  for (const column of ['last_seen_at', 'user_agent', 'address', 'stage']) await sql.raw(`alter table sessions drop column ${column}`).execute(db);
  await sql`drop table recovery_codes`.execute(db);
  for (const column of ['totp_last_step', 'totp_enabled_at', 'totp_secret']) await sql.raw(`alter table users drop column ${column}`).execute(db);
  await sql`alter table users add column role text not null default 'evaluator' check (role in ('researcher', 'evaluator'))`.execute(db);
  await sql`update users set role = 'researcher' where id in (select user_id from grants where kind in ('national-researcher', 'coordinator'))`.execute(db);
  await sql`drop table grants`.execute(db);
  await sql`drop trigger waves_house_required_insert`.execute(db);
  await sql`drop trigger waves_house_required_update`.execute(db);
  await sql`drop index waves_house`.execute(db);
  await sql`alter table waves add column house text not null default ''`.execute(db);
  await sql`update waves set house = (select h.name from houses h where h.id = waves.house_id)`.execute(db);
  // a column with a foreign key cannot be dropped in SQLite: house_id stays, empty
  await sql`update waves set house_id = null`.execute(db);
  await sql`drop table houses`.execute(db);
}
