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
  password_hash: string;
  disabled: Generated<Bool>;
  created_at: string;
  /** The TOTP secret, encrypted with the server key (security/totp.ts); set during enrolment, before it is confirmed. */
  totp_secret: string | null;
  /** When two-factor login was confirmed; null while not enrolled. */
  totp_enabled_at: string | null;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: number | null;
}

/** What an account may see: a national grant (house_id null) or a grant on one house. */
export interface GrantsTable {
  id: Generated<number>;
  user_id: number;
  kind: GrantKind;
  house_id: number | null;
  created_at: string;
}

export type GrantKind = 'national-researcher' | 'national-evaluator' | 'coordinator' | 'evaluator';

export interface HousesTable {
  id: Generated<number>;
  name: string;
  region: string | null;
  /** JSON array of municipality names. */
  municipalities: Generated<string>;
  created_at: string;
}

export interface RecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** HMAC of the code with the server key; the code itself is shown once. */
  code_hash: string;
  used_at: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  at: string;
  /** The address typed (normalized), whether or not an account has it. */
  email: string;
  /** The client address (behind TRUST_PROXY, the one the proxy reports). */
  address: string;
}

/** How far a session has come: waiting for the second factor, obliged to enrol in it, or signed in. */
export type SessionStage = 'code' | 'enrol' | 'full';

export interface SessionsTable {
  /** sha256 of the session cookie value. */
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  stage: Generated<SessionStage>;
  address: string | null;
  user_agent: string | null;
  last_seen_at: string | null;
}

export interface WavesTable {
  id: string;
  questionnaire_id: string;
  questionnaire_version: string;
  /** The normalized questionnaire of the chosen version: replaced while the wave is a concept, fixed from launch on. */
  questionnaire_json: string | null;
  title: string;
  house_id: number;
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
  /** The day an anonymous wave was sealed after closing (migration 2026_12_02_0647_wave_sealed); see services/sealing.ts. */
  sealed_on: string | null;
  /** When a researcher launched the wave (null: a concept, which no link opens and no mail pass touches). */
  launched_at: string | null;
  /** Who launched it (the audit log's actor label). */
  launched_by: string | null;
  /** The national round the wave belongs to (migration 2026_12_02_0930_national_rounds), or null. */
  round_id: number | null;
  /** A test round (migration 2026_12_02_1631_test_wave): shown as "Testronde", never pooled in a benchmark or trend. */
  is_test: Generated<Bool>;
}

/** A national round: one questionnaire version and period, a concept wave per chosen house (waves.round_id). */
export interface NationalRoundsTable {
  id: Generated<number>;
  title: string;
  questionnaire_id: string;
  questionnaire_version: string;
  opens_at: string;
  closes_at: string;
  /** JSON array of days after the invitation, as the round's waves got them. */
  reminder_days: string;
  created_at: string;
  /** The audit log's actor label of who created it. */
  created_by: string;
}

/** A questionnaire version as stored: the JSON as given, checked before it was stored. */
export interface QuestionnaireVersionsTable {
  questionnaire_id: string;
  version: string;
  title: string;
  /** The JSON text as uploaded, pasted or read from the file. */
  source_json: string;
  /** sha256 of the JSON re-serialized without white space and `$schema`: equal content, equal hash. */
  content_hash: string;
  /** A file of the folder, the browser, `questionnaire import`, or a wave's snapshot from before versions were stored. */
  source: 'bestand' | 'browser' | 'cli' | 'ronde';
  /** The file name (source 'bestand' or 'cli') or the uploaded file's name, when there was one; the wave's id for 'ronde'. */
  source_name: string | null;
  added_at: string;
  added_by: string;
}

/** A read-only preview of a questionnaire version for someone without an account. */
export interface ReviewLinksTable {
  id: Generated<number>;
  /** sha256 of the link's token; the token itself is shown once. */
  token_hash: string;
  questionnaire_id: string;
  version: string;
  /** For whom, e.g. "Stuurgroep Noord". */
  label: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  withdrawn_at: string | null;
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
  /** The sending process that claimed the job while 'sending' (migration 2026_12_02_0645_mail_claim_lease). */
  claimed_by: string | null;
  /** Until when that claim holds (real time, renewed while the process works); then the job counts as interrupted. */
  lease_until: string | null;
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
  /** The acting account, when an account acts. */
  user_id: number | null;
  /** The house the entry concerns (of its wave, or the house changed or granted). */
  house_id: number | null;
  wave_id: string | null;
}

/** The response-rate figures of a purged wave, as computed just before its personal data were removed. */
export interface WaveRateSnapshotsTable {
  wave_id: string;
  /** JSON WaveRates (server/domain/fieldwork/responseRates.ts). */
  rates_json: string;
  created_at: string;
}

/** A researcher's category for the answers to one open item of a wave (simple coding). */
export interface OpenAnswerCategoriesTable {
  id: Generated<number>;
  wave_id: string;
  /** The open item: a question code (open, list) or an "anders, namelijk" variable (Q14_other). */
  item: string;
  label: string;
  position: number;
}

/** What a researcher did to one open answer: hidden, redacted, coded. The answer itself stays in answers. */
export interface OpenAnswerEditsTable {
  response_id: string;
  variable: string;
  wave_id: string;
  hidden: Generated<Bool>;
  /** The text shown instead of the answer (parts replaced by [naam], […]); null: the answer as given. */
  redacted: string | null;
  category_id: number | null;
}

export interface Database {
  users: UsersTable;
  grants: GrantsTable;
  houses: HousesTable;
  recovery_codes: RecoveryCodesTable;
  login_failures: LoginFailuresTable;
  sessions: SessionsTable;
  waves: WavesTable;
  national_rounds: NationalRoundsTable;
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
  questionnaire_versions: QuestionnaireVersionsTable;
  review_links: ReviewLinksTable;
  open_answer_categories: OpenAnswerCategoriesTable;
  open_answer_edits: OpenAnswerEditsTable;
}

export type User = Selectable<UsersTable>;
/** A grant as services see it: national, or on one house. */
export type Grant = { kind: 'national-researcher' | 'national-evaluator' } | { kind: 'coordinator' | 'evaluator'; houseId: number };
/** The signed-in person as routes and services see it (never the password hash or the TOTP secret). */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  grants: Grant[];
  /** Two-factor login is set up. */
  twoFactor: boolean;
}
export interface House {
  id: number;
  name: string;
  region: string | null;
  municipalities: string[];
  created_at: string;
}
/** A wave with the name of its house (the house is stored by id). */
export type Wave = Selectable<WavesTable> & { house: string };
export type NewWave = Insertable<WavesTable>;
export type NationalRound = Selectable<NationalRoundsTable>;
export type WaveUpdate = Updateable<WavesTable>;
export type QuestionnaireVersionRow = Selectable<QuestionnaireVersionsTable>;
export type ReviewLink = Selectable<ReviewLinksTable>;
export type Participant = Selectable<ParticipantsTable>;
export type Invitation = Selectable<InvitationsTable>;
export type Draft = Selectable<DraftsTable>;
export type ResponseRow = Selectable<ResponsesTable>;
export type MailJob = Selectable<MailJobsTable>;
export type MailJobStatus = MailJob['status'];
export type { ColumnType };
