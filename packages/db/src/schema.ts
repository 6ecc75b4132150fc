import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// The shape of Kura's database, written by hand next to the migrations that make it.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Role = 'moderator' | 'lead' | 'auditor' | 'admin';
export type RecordingState = 'uploading' | 'processing' | 'ready' | 'unplayable' | 'expired';
export type RetentionReason = 'unflagged' | 'flagged' | 'withdrawn' | 'deletion_request';
export type ExpiryStage = 'keys_destroyed' | 'objects_deleted';
export type Purpose = 'deter_crime' | 'deter_tort' | 'deter_prohibited_conduct' | 'prevent_damage_spread';
/** 'anonymous': before authentication (sign-in attempts); no lookup can resolve its id. */
export type ActorType = 'staff' | 'service' | 'system' | 'agency' | 'anonymous';
export type ConductCategoryValue =
  | 'harassment'
  | 'sexual_content'
  | 'contact_exchange'
  | 'threats_violence'
  | 'minor_involvement'
  | 'fraud'
  | 'hate'
  | 'unauthorised_recording'
  | 'other';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type DecisionOutcome = 'no_violation' | 'warn_user' | 'warn_creator' | 'suspend_user' | 'ban_user' | 'escalate' | 'refer_to_agency';
export type ReviewSource = 'report' | 'sample' | 'staff';
export type ReviewQueue = 'moderators' | 'leads';

export interface AgenciesTable {
  id: Generated<string>;
  ref: string;
  name: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CreatorsTable {
  id: Generated<string>;
  ref: string;
  name: string;
  agency_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PlatformUsersTable {
  id: Generated<string>;
  ref: string;
  is_minor: Generated<boolean>;
  withdrawn_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface CallsTable {
  id: Generated<string>;
  ref: string;
  creator_id: string;
  /** The creator's current agency, kept by the database (migration 20261203T170000-agency-lists). */
  agency_id: Generated<string>;
  user_id: string;
  started_at: Timestamp;
  ended_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RecordingsTable {
  id: string;
  call_id: string;
  state: RecordingState;
  object_key: string;
  content_type: string;
  plaintext_bytes: number | null;
  stored_bytes: number | null;
  sha256: string | null;
  /** Null once expired: destroying the wrapped key destroys the object (crypto-shredding). */
  wrapped_dek: Buffer | null;
  kek_id: string;
  segment_log2: number;
  krv1_header: Buffer;
  duration_ms: number | null;
  container: string | null;
  video_codec: string | null;
  audio_codec: string | null;
  width: number | null;
  height: number | null;
  unplayable_reason: string | null;
  retain_until: NullableTimestamp;
  policy_version: string;
  upload_started_at: Timestamp;
  uploaded_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  retention_reason: Generated<RetentionReason>;
  privacy_policy_version: Generated<string>;
  expiry_stage: ExpiryStage | null;
  expired_at: NullableTimestamp;
}

export interface RecordingAssetsTable {
  id: string;
  recording_id: string;
  kind: 'thumbnail_strip';
  object_key: string;
  content_type: string;
  plaintext_bytes: number;
  stored_bytes: number;
  sha256: string;
  /** Null once expired (see destroyed_at). */
  wrapped_dek: Buffer | null;
  kek_id: string;
  segment_log2: number;
  krv1_header: Buffer;
  frame_count: number;
  frame_width: number;
  frame_height: number;
  interval_ms: number;
  created_at: Timestamp;
  destroyed_at: NullableTimestamp;
}

export interface OrphanObjectsTable {
  object_key: string;
  reason: string;
  recorded_at: Timestamp;
}

export interface ReviewItemsTable {
  id: Generated<string>;
  call_id: string;
  /** The call's creator's current agency, kept by the database (migration 20261202T230000-review-item-agency). */
  agency_id: Generated<string>;
  status: 'open' | 'closed';
  opened_at: Timestamp;
  closed_at: NullableTimestamp;
  source: Generated<ReviewSource>;
  queue: Generated<ReviewQueue>;
  priority: Generated<number>;
  priority_reasons: ColumnType<unknown[], string | undefined, string>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  assignee_id: string | null;
  claimed_at: NullableTimestamp;
  claim_expires_at: NullableTimestamp;
  opened_by: string | null;
  open_note: string | null;
}

export interface FlagsTable {
  id: Generated<string>;
  recording_id: string;
  review_item_id: string | null;
  category: ConductCategoryValue;
  severity: Severity;
  start_ms: number;
  end_ms: number;
  note: string | null;
  author_id: string;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  retracted_at: NullableTimestamp;
  retracted_by: string | null;
  retract_reason: string | null;
}

export interface FlagRevisionsTable {
  flag_id: string;
  version: number;
  category: ConductCategoryValue;
  severity: Severity;
  start_ms: number;
  end_ms: number;
  note: string | null;
  edited_by: string;
  edited_at: Timestamp;
}

export interface DecisionsTable {
  id: Generated<string>;
  review_item_id: string;
  call_id: string;
  outcome: DecisionOutcome;
  suspend_days: number | null;
  rationale: string;
  flag_ids: ColumnType<string[], string[] | undefined, string[]>;
  policy_version: string;
  policy_clauses: ColumnType<string[], string[] | undefined, string[]>;
  decided_by: string;
  decided_at: Timestamp;
  reopened_at: NullableTimestamp;
  reopened_by: string | null;
  reopen_reason: string | null;
}

export interface DecisionFeedTable {
  seq: number;
  decision_id: string;
  recorded_at: Timestamp;
  /** The decision this one replaces after a lead reopened the item. */
  supersedes: string | null;
}

export interface LegalHoldsTable {
  id: Generated<string>;
  recording_id: string;
  reason: string;
  placed_by: string;
  placed_at: Timestamp;
  released_at: NullableTimestamp;
  released_by: string | null;
  release_reason: string | null;
}

export interface AccountNotesTable {
  id: Generated<string>;
  account_type: 'user' | 'creator';
  account_id: string;
  body: string;
  author_id: string;
  created_at: Timestamp;
}

export interface AppSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface StaffPreferencesTable {
  user_id: string;
  wellbeing: ColumnType<Record<string, unknown>, string, string>;
  updated_at: Timestamp;
}

export interface ExposureDailyTable {
  staff_user_id: string;
  /** A Tokyo calendar day, 'YYYY-MM-DD'. */
  day: ColumnType<string, string, string>;
  severity: 'none' | Severity;
  played_ms: Generated<number>;
  updated_at: Timestamp;
}

export interface ReportsTable {
  id: Generated<string>;
  call_id: string;
  review_item_id: string;
  reporter: 'user' | 'creator' | 'system';
  category: string;
  note: string | null;
  at_seconds: number | null;
  created_at: Timestamp;
}

export interface JobsTable {
  id: Generated<number>;
  queue: string;
  payload: ColumnType<unknown, string, string>;
  dedupe_key: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: Timestamp;
  locked_by: string | null;
  locked_until: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface KeyRotationsTable {
  id: Generated<string>;
  new_kek_id: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  rewrapped: Generated<number>;
}

export interface DemoStateTable {
  id: string;
  seeded_at: Timestamp;
}

export interface StaffUsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  roles: Role[];
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StaffSessionsTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
}

/** A person at an OpenID Connect provider, linked to the staff account they sign in as. */
export interface StaffIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: Timestamp;
  last_login_at: Timestamp;
}

/** An OpenID Connect sign-in between /start and /callback (single use, minutes long). */
export interface OidcSignInsTable {
  /** SHA-256 (hex) of the random value in the browser's sign-in cookie. */
  binding_hash: string;
  state: string;
  nonce: string;
  /** A same-origin path to land on after signing in. */
  return_to: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  attempted_at: Timestamp;
  /** Refused by the rate limit: no password was checked. */
  refused: Generated<boolean>;
  /** For a refusal: the audit event that reported it; null until one does. */
  audit_seq: number | null;
}

export interface AccessGrantsTable {
  id: Generated<string>;
  staff_user_id: string;
  recording_id: string;
  purpose: Purpose;
  reference: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface AuditEventsTable {
  seq: number;
  occurred_at: Timestamp;
  actor_type: ActorType;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  purpose: string | null;
  request_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export type PacketStatus = 'cutting' | 'ready' | 'failed' | 'approved' | 'shared';
export type ClipState = 'pending' | 'cutting' | 'ready' | 'failed' | 'expired';

export interface PacketsTable {
  id: Generated<string>;
  recording_id: string;
  call_id: string;
  agency_id: string;
  creator_id: string;
  user_id: string;
  title: string;
  summary: string;
  flag_ids: ColumnType<string[], string[] | undefined, string[]>;
  decision_id: string | null;
  involves_minor: Generated<boolean>;
  status: Generated<PacketStatus>;
  failure_reason: string | null;
  author_id: string;
  created_at: Timestamp;
  approved_by: string | null;
  approved_at: NullableTimestamp;
  minor_confirmed: Generated<boolean>;
  manifest: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  shared_at: NullableTimestamp;
  privacy_policy_version: string;
}

export interface PacketClipsTable {
  id: string;
  packet_id: string;
  position: number;
  start_ms: number;
  end_ms: number;
  state: Generated<ClipState>;
  progress: Generated<number>;
  failure_reason: string | null;
  mode: 'copy' | 'transcode' | null;
  object_key: string | null;
  content_type: string | null;
  wrapped_dek: Buffer | null;
  kek_id: string | null;
  segment_log2: number | null;
  krv1_header: Buffer | null;
  plaintext_bytes: number | null;
  stored_bytes: number | null;
  sha256: string | null;
  duration_ms: number | null;
  retain_until: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  expiry_stage: ExpiryStage | null;
  expired_at: NullableTimestamp;
}

export interface ShareLinksTable {
  id: Generated<string>;
  packet_id: string;
  token_hash: string;
  recipient_name: string;
  expires_at: Timestamp;
  view_cap: number | null;
  views: Generated<number>;
  passphrase_hash: string | null;
  allow_download: boolean;
  created_by: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
}

export interface ShareSessionsTable {
  id: Generated<string>;
  link_id: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
}

export interface PacketRepliesTable {
  id: Generated<string>;
  packet_id: string;
  link_id: string;
  body: string;
  acknowledged: Generated<boolean>;
  created_at: Timestamp;
}

export interface RateLimitWindowsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface ProvisionRecordsTable {
  id: Generated<string>;
  packet_id: string;
  link_id: string;
  provided_at: Timestamp;
  recipient_agency_id: string;
  recipient_ref: string;
  recipient_name: string;
  subject_type: 'user' | 'creator';
  subject_ref: string;
  items: string;
  basis: string;
  privacy_policy_version: string;
  approved_by: string;
  retain_until: Timestamp;
}

export interface RetentionRunsTable {
  id: Generated<string>;
  seq: number | null;
  dry_run: boolean;
  status: 'running' | 'done' | 'failed';
  triggered_by: string;
  started_at: Timestamp;
  finished_at: NullableTimestamp;
  scanned: Generated<number>;
  expired: Generated<number>;
  bytes_freed: Generated<number>;
  held_back: ColumnType<Record<string, unknown>, string | undefined, string>;
  errors: ColumnType<unknown[], string | undefined, string>;
  receipt: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  receipt_hash: string | null;
}

export interface TombstonesTable {
  object_id: string;
  kind: 'recording' | 'thumbnail_strip' | 'packet_clip';
  recording_id: string;
  call_id: string;
  packet_id: string | null;
  object_key: string;
  plaintext_bytes: number | null;
  stored_bytes: number | null;
  sha256: string | null;
  reason: string;
  expired_at: Timestamp;
  run_id: string;
}

export type UserEventType = 'withdrawal' | 'deletion_request' | 'minor' | 'not_minor' | 'disclosure_request';

export interface UserEventsTable {
  id: Generated<string>;
  user_id: string;
  type: UserEventType;
  at: Timestamp;
  request_ref: string | null;
  received_at: Timestamp;
  status: 'pending' | 'done' | 'refused';
  status_reason: string | null;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
}

export interface Database {
  agencies: AgenciesTable;
  creators: CreatorsTable;
  platform_users: PlatformUsersTable;
  calls: CallsTable;
  recordings: RecordingsTable;
  recording_assets: RecordingAssetsTable;
  orphan_objects: OrphanObjectsTable;
  review_items: ReviewItemsTable;
  flags: FlagsTable;
  flag_revisions: FlagRevisionsTable;
  decisions: DecisionsTable;
  decision_feed: DecisionFeedTable;
  legal_holds: LegalHoldsTable;
  account_notes: AccountNotesTable;
  app_settings: AppSettingsTable;
  staff_preferences: StaffPreferencesTable;
  exposure_daily: ExposureDailyTable;
  packets: PacketsTable;
  packet_clips: PacketClipsTable;
  share_links: ShareLinksTable;
  share_sessions: ShareSessionsTable;
  packet_replies: PacketRepliesTable;
  rate_limit_windows: RateLimitWindowsTable;
  provision_records: ProvisionRecordsTable;
  retention_runs: RetentionRunsTable;
  tombstones: TombstonesTable;
  user_events: UserEventsTable;
  reports: ReportsTable;
  jobs: JobsTable;
  key_rotations: KeyRotationsTable;
  demo_state: DemoStateTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_identities: StaffIdentitiesTable;
  oidc_sign_ins: OidcSignInsTable;
  login_attempts: LoginAttemptsTable;
  access_grants: AccessGrantsTable;
  audit_events: AuditEventsTable;
}

export type Recording = Selectable<RecordingsTable>;
export type NewRecording = Insertable<RecordingsTable>;
export type RecordingUpdate = Updateable<RecordingsTable>;
export type RecordingAsset = Selectable<RecordingAssetsTable>;
export type StaffUser = Selectable<StaffUsersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
