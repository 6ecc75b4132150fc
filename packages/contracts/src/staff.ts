import { z } from 'zod';
import { Purpose, RecordingState, type ActorType, type Role } from './enums.ts';
import { packetAuditActions } from './packets.ts';
import { retentionAuditActions, type RecordingExpiryDto, type RetentionReason } from './retention.ts';
import { reviewAuditActions } from './review.ts';
import { rightsAuditActions } from './rights.ts';
import type { HoldDto, ReportDto } from './shared-dtos.ts';

// Request bodies and query strings of the staff API (/api/*), and the shapes it answers with.

export const LoginBody = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) }).strict();
export type LoginBody = z.infer<typeof LoginBody>;

export interface StaffUserDto {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
}
/** POST /api/auth/login and GET /api/auth/session. */
export interface SessionResponse {
  csrfToken: string;
  user: StaffUserDto;
}

/** GET /api/auth/config (no sign-in needed): which ways of signing in the login page offers. */
export interface AuthConfigResponse {
  /** False: POST /api/auth/login answers 403 local_login_disabled. */
  localLogin: boolean;
  /** Enabled: GET /api/auth/oidc/start signs in with the company's identity provider. */
  oidc: { enabled: boolean; label?: string };
}

/**
 * Why a company-account (OIDC) sign-in ended on the login page: `/login?ssoError=<code>`.
 * expired: no matching sign-in in this browser (too old, used, or started elsewhere);
 * cancelled: the person declined at the provider; no_role: none of their groups maps to a role.
 */
export const oidcSignInErrorCodes = [
  'oidc_expired',
  'oidc_cancelled',
  'oidc_provider_error',
  'oidc_unavailable',
  'oidc_failed',
  'oidc_no_role',
  'oidc_disabled',
  'oidc_account_conflict',
  'oidc_no_email',
] as const;
export type OidcSignInErrorCode = (typeof oidcSignInErrorCodes)[number];

export const ListRecordingsQuery = z
  .object({
    q: z.string().trim().max(200).optional(),
    agency: z.string().trim().max(200).optional(),
    state: RecordingState.optional(),
    reported: z.enum(['true', 'false']).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type ListRecordingsQuery = z.input<typeof ListRecordingsQuery>;

export interface RecordingSummaryDto {
  id: string;
  callRef: string;
  creator: { ref: string; name: string };
  agency: { ref: string; name: string };
  userRef: string;
  startedAt: string;
  endedAt: string;
  durationMs: number | null;
  state: RecordingState;
  contentType: string;
  openReports: number;
  /** An active legal hold: the retention job never expires it. */
  onHold: boolean;
}
export interface ListRecordingsResponse {
  items: RecordingSummaryDto[];
  nextCursor: string | null;
}

export interface GrantDto {
  id: string;
  purpose: Purpose;
  reference: string;
  createdAt: string;
  expiresAt: string;
}

export interface ThumbnailStripDto {
  /** Sprite image: frameCount frames side by side, each frameWidth x frameHeight. Needs a grant. */
  url: string;
  frameCount: number;
  frameWidth: number;
  frameHeight: number;
  intervalMs: number;
}

export interface RecordingDetailDto extends RecordingSummaryDto {
  bytes: number | null;
  sha256: string | null;
  container: string | null;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
  unplayableReason: string | null;
  mediaUrl: string;
  thumbnails: ThumbnailStripDto | null;
  reports: ReportDto[];
  /** The caller's own live grant for this recording, if any. */
  activeGrant: GrantDto | null;
  /** The call's open review item, if any (the purpose dialog offers it as the reference). */
  openReviewItemId: string | null;
  /** The platform user is known to be a minor. */
  minor: boolean;
  holds: HoldDto[];
  /** Set once the retention job destroyed the recording: its tombstones stand in for it. */
  expiry: RecordingExpiryDto | null;
  /** The policies in force when the recording was made, and the timer they set. */
  policies: RecordingPoliciesDto;
}

export interface RecordingPoliciesDto {
  /** The privacy policy's version (its date) when the recording was made; the seed policy is 2020-12-18. */
  privacyPolicyVersion: string;
  retentionPolicyVersion: string;
  retainUntil: string | null;
  retentionReason: RetentionReason;
}

export const CreateGrantBody = z.object({ purpose: Purpose, reference: z.string().trim().min(1).max(200) }).strict();
export type CreateGrantBody = z.infer<typeof CreateGrantBody>;
export interface CreateGrantResponse {
  grant: GrantDto;
}

/** The audit actions a recording's access history shows: staff reads, and the agency's reads of its clips. */
export const accessLogActions = [
  'grant.created',
  'media.read',
  'thumbnails.read',
  'recording.viewed',
  'packet.clip_read',
  'share.clip_read',
  'share.downloaded',
] as const;
export type AccessLogAction = (typeof accessLogActions)[number];

export interface AccessLogEntryDto {
  seq: number;
  at: string;
  action: AccessLogAction;
  actor: {
    type: ActorType;
    id: string;
    email: string | null;
    displayName: string | null;
    /** An agency's read through a share link (the actor id is the link's): who, instead of a staff name. */
    agency: { ref: string; name: string; recipientName: string } | null;
  };
  purpose: Purpose | null;
  reference: string | null;
  /** Inclusive byte range served, for media reads. */
  range: { start: number; end: number } | null;
}
export interface AccessLogResponse {
  items: AccessLogEntryDto[];
}

export interface AgencyDto {
  ref: string;
  name: string;
}
export interface ListAgenciesResponse {
  items: AgencyDto[];
}

/** Every action the audit chain records (the API checks its event union against this list). */
export const auditActions = [
  'call.upserted',
  'recording.ingested',
  'recording.processed',
  'report.filed',
  'keys.rotation_started',
  'keys.rotation_finished',
  'keys.signing_key_added',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'staff.created',
  'staff.disabled',
  'grant.created',
  'media.read',
  'thumbnails.read',
  'recording.viewed',
  'recordings.listed',
  'audit.verified',
  'audit.read',
  'audit.checkpointed',
  'demo.seeded',
  ...reviewAuditActions,
  ...packetAuditActions,
  ...rightsAuditActions,
  ...retentionAuditActions,
] as const;
export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;

export const ListAuditEventsQuery = z
  .object({
    /** Keyset cursor: events with a smaller seq than this. */
    before: z.coerce.number().int().positive().optional(),
    action: AuditAction.optional(),
    subject: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListAuditEventsQuery = z.input<typeof ListAuditEventsQuery>;

export interface AuditEventDto {
  seq: number;
  at: string;
  /** email and displayName are null unless the actor is a staff id that names a staff account. */
  actor: { type: ActorType; id: string; email: string | null; displayName: string | null };
  action: AuditAction;
  subject: { type: string; id: string };
  purpose: Purpose | null;
  requestId: string | null;
  details: Record<string, unknown>;
  hash: string;
}
export interface ListAuditEventsResponse {
  items: AuditEventDto[];
  nextBefore: number | null;
}

export type AuditVerifyResponse = { intact: true; events: number } | { intact: false; firstBrokenSeq: number; events: number };

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}
