/**
 * The database as the driver returns it: booleans are 0 | 1, times are ISO strings, JSON columns are
 * text (re-validated with zod where they are read). Generated<> marks columns with a default.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Bool = 0 | 1;

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: 'researcher' | 'evaluator';
  password_hash: string;
  disabled: Generated<Bool>;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the session cookie value. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface WavesTable {
  id: string;
  questionnaire_id: string;
  questionnaire_version: string;
  /** The normalized questionnaire, frozen when the wave opens (null before). */
  questionnaire_json: string | null;
  title: string;
  house: string;
  opens_at: string;
  closes_at: string;
  anonymous: Bool;
  allow_edit: Bool;
  /** JSON array of days after the invitation, e.g. [7,14,21]. */
  reminder_days: string;
  sender_name: string;
  /** The organisation that asks (the intro page, the privacy statement); '' when not given. */
  sender_organisation: Generated<string>;
  sender_email: string;
  invitation_subject: string;
  invitation_template: string;
  reminder_subject: string;
  reminder_template: string;
  min_cell_size: Generated<number>;
  retention_days: number | null;
  /** sha256 of the open (anonymous, per-visitor) link token, when the wave has one. */
  open_link_hash: string | null;
  purged_at: string | null;
  created_at: string;
}

export interface ParticipantsTable {
  id: Generated<number>;
  wave_id: string;
  email: string;
  name: string | null;
  /** JSON object of the other CSV columns (organisatie, beroepsgroep, overleg, geslacht, …). */
  attributes: Generated<string>;
  eligible: Generated<Bool>;
  ineligible_reason: string | null;
  opted_out_at: string | null;
  bounced_at: string | null;
  bounce_reason: string | null;
  created_at: string;
}

export interface InvitationsTable {
  id: Generated<number>;
  wave_id: string;
  participant_id: number;
  /** sha256 of the token; the token itself is never stored. */
  token_hash: string;
  /** Random nonce from which the token is derived with the server secret (so reminders can repeat the link). */
  token_nonce: string;
  status: Generated<'invited' | 'started' | 'completed'>;
  /** Number of completed responses under this invitation (repeat for another overleg). */
  responses_count: Generated<number>;
  /** Only in non-anonymous waves. */
  completed_at: string | null;
  created_at: string;
}

export interface DraftsTable {
  id: string;
  wave_id: string;
  /** Null for open-link visitors (their draft id lives in a cookie). */
  invitation_id: number | null;
  /** JSON Values of the answers given so far. */
  values_json: string;
  page: number;
  updated_at: string;
  /** The submitted response this draft edits (non-anonymous waves with allow_edit), else null. */
  response_id: Generated<string | null>;
}

export interface ResponsesTable {
  /** Random id: in an anonymous wave nothing in the row, nor its position, reveals who or when. */
  id: string;
  wave_id: string;
  /** Null in anonymous waves. */
  invitation_id: number | null;
  /** Null in anonymous waves. */
  participant_id: number | null;
  /** Date only (YYYY-MM-DD). */
  submitted_on: string;
  /** Full time, null in anonymous waves. */
  submitted_at: string | null;
  /** 1 when the response met its questionnaire's completion rule (AAPOR 1.1), 0 when partial (1.2). */
  complete: Generated<Bool>;
}

export interface AnswersTable {
  response_id: string;
  variable: string;
  num: number | null;
  txt: string | null;
}

export interface ContactsTable {
  id: string;
  wave_id: string;
  /** JSON Values of the contact questions; no link to any response, and no date that could pair them. */
  values_json: string;
}

/**
 * Anonymous waves only: how many persons sent a complete or only a partial first response. Totals
 * per wave, never per invitation (a partial invitation would point at the partial response).
 */
export interface SubmissionCountsTable {
  wave_id: string;
  complete_persons: Generated<number>;
  partial_persons: Generated<number>;
}

export interface MailJobsTable {
  id: Generated<number>;
  wave_id: string;
  participant_id: number;
  kind: 'invitation' | 'reminder';
  /** 0 for the invitation, 1.. for reminders. */
  round: number;
  due_at: string;
  status: Generated<'pending' | 'sending' | 'sent' | 'retry' | 'failed' | 'unknown' | 'skipped' | 'cancelled'>;
  attempts: Generated<number>;
  next_attempt_at: string | null;
  last_error: string | null;
  message_id: string | null;
  sent_at: string | null;
  /** When the job was handed to the mail server (added by migration 2026_11_22_1200_mail). */
  sending_at: string | null;
  created_at: string;
}

export interface OutboxTable {
  id: Generated<number>;
  job_id: number | null;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** JSON object of extra headers (Message-ID, List-Unsubscribe, …). */
  headers: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  details: string;
}

/** The response-rate figures of a purged wave, as computed just before its personal data were removed. */
export interface WaveRateSnapshotsTable {
  wave_id: string;
  /** JSON WaveRates (server/domain/fieldwork/responseRates.ts). */
  rates_json: string;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  waves: WavesTable;
  participants: ParticipantsTable;
  invitations: InvitationsTable;
  drafts: DraftsTable;
  responses: ResponsesTable;
  answers: AnswersTable;
  contacts: ContactsTable;
  submission_counts: SubmissionCountsTable;
  mail_jobs: MailJobsTable;
  outbox: OutboxTable;
  audit_log: AuditLogTable;
  wave_rate_snapshots: WaveRateSnapshotsTable;
}

export type User = Selectable<UsersTable>;
export type Role = User['role'];
/** The signed-in person as routes and services see it (never the password hash). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}
export type Wave = Selectable<WavesTable>;
export type NewWave = Insertable<WavesTable>;
export type WaveUpdate = Updateable<WavesTable>;
export type Participant = Selectable<ParticipantsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type Draft = Selectable<DraftsTable>;
export type ResponseRow = Selectable<ResponsesTable>;
export type MailJob = Selectable<MailJobsTable>;
export type MailJobStatus = MailJob['status'];
export type { ColumnType };
