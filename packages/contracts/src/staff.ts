import { z } from 'zod';
import { ActorType, Purpose, RecordingState, Role } from './enums.ts';
import { packetAuditActions } from './packets.ts';
import { RecordingExpiryDto, retentionAuditActions } from './retention.ts';
import { reviewAuditActions } from './review.ts';
import { rightsAuditActions, retentionReasons } from './rights.ts';
import { HoldDto, ReportDto } from './shared-dtos.ts';

// Request bodies and query strings of the staff API (/api/*), and the shapes it answers with.

export const LoginBody = z.object({ email: z.email().max(320), password: z.string().min(1).max(1024) }).strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const StaffUserDto = z
  .object({ id: z.string(), email: z.string(), displayName: z.string(), roles: z.array(Role) })
  .meta({ id: 'StaffUserDto' });
export type StaffUserDto = z.infer<typeof StaffUserDto>;
/** POST /api/auth/login and GET /api/auth/session. */
export const SessionResponse = z.object({ csrfToken: z.string(), user: StaffUserDto }).meta({ id: 'SessionResponse' });
export type SessionResponse = z.infer<typeof SessionResponse>;

/** GET /api/auth/config (no sign-in needed): which ways of signing in the login page offers. */
export const AuthConfigResponse = z
  .object({
    /** False: POST /api/auth/login answers 403 local_login_disabled. */
    localLogin: z.boolean(),
    /** Enabled: GET /api/auth/oidc/start signs in with the company's identity provider. */
    oidc: z.object({ enabled: z.boolean(), label: z.string().optional() }),
  })
  .meta({ id: 'AuthConfigResponse' });
export type AuthConfigResponse = z.infer<typeof AuthConfigResponse>;

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

const refName = z.object({ ref: z.string(), name: z.string() });

export const RecordingSummaryDto = z
  .object({
    id: z.string(),
    callRef: z.string(),
    creator: refName,
    agency: refName,
    userRef: z.string(),
    startedAt: z.string(),
    endedAt: z.string(),
    durationMs: z.number().nullable(),
    state: RecordingState,
    contentType: z.string(),
    openReports: z.number(),
    /** An active legal hold: the retention job never expires it. */
    onHold: z.boolean(),
  })
  .meta({ id: 'RecordingSummaryDto' });
export type RecordingSummaryDto = z.infer<typeof RecordingSummaryDto>;
export const ListRecordingsResponse = z
  .object({ items: z.array(RecordingSummaryDto), nextCursor: z.string().nullable() })
  .meta({ id: 'ListRecordingsResponse' });
export type ListRecordingsResponse = z.infer<typeof ListRecordingsResponse>;

export const GrantDto = z
  .object({ id: z.string(), purpose: Purpose, reference: z.string(), createdAt: z.string(), expiresAt: z.string() })
  .meta({ id: 'GrantDto' });
export type GrantDto = z.infer<typeof GrantDto>;

export const ThumbnailStripDto = z
  .object({
    /** Sprite image: frameCount frames side by side, each frameWidth x frameHeight. Needs a grant. */
    url: z.string(),
    frameCount: z.number(),
    frameWidth: z.number(),
    frameHeight: z.number(),
    intervalMs: z.number(),
  })
  .meta({ id: 'ThumbnailStripDto' });
export type ThumbnailStripDto = z.infer<typeof ThumbnailStripDto>;

export const RecordingDetailDto = RecordingSummaryDto.extend({
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  container: z.string().nullable(),
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  unplayableReason: z.string().nullable(),
  mediaUrl: z.string(),
  thumbnails: ThumbnailStripDto.nullable(),
  reports: z.array(ReportDto),
  /** The caller's own live grant for this recording, if any. */
  activeGrant: GrantDto.nullable(),
  /** The call's open review item, if any (the purpose dialog offers it as the reference). */
  openReviewItemId: z.string().nullable(),
  /** The platform user is known to be a minor. */
  minor: z.boolean(),
  holds: z.array(HoldDto),
  /** Set once the retention job destroyed the recording: its tombstones stand in for it. */
  expiry: RecordingExpiryDto.nullable(),
  /** The policies in force when the recording was made, and the timer they set. */
  policies: z
    .object({
      /** The privacy policy's version (its date) when the recording was made; the seed policy is 2020-12-18. */
      privacyPolicyVersion: z.string(),
      retentionPolicyVersion: z.string(),
      retainUntil: z.string().nullable(),
      retentionReason: z.enum(retentionReasons),
    })
    .meta({ id: 'RecordingPoliciesDto' }),
}).meta({ id: 'RecordingDetailDto' });
export type RecordingDetailDto = z.infer<typeof RecordingDetailDto>;
export type RecordingPoliciesDto = RecordingDetailDto['policies'];

export const CreateGrantBody = z.object({ purpose: Purpose, reference: z.string().trim().min(1).max(200) }).strict();
export type CreateGrantBody = z.infer<typeof CreateGrantBody>;
export const CreateGrantResponse = z.object({ grant: GrantDto }).meta({ id: 'CreateGrantResponse' });
export type CreateGrantResponse = z.infer<typeof CreateGrantResponse>;

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

export const AccessLogEntryDto = z
  .object({
    seq: z.number(),
    at: z.string(),
    action: z.enum(accessLogActions),
    actor: z.object({
      type: ActorType,
      id: z.string(),
      email: z.string().nullable(),
      displayName: z.string().nullable(),
      /** An agency's read through a share link (the actor id is the link's): who, instead of a staff name. */
      agency: z.object({ ref: z.string(), name: z.string(), recipientName: z.string() }).nullable(),
    }),
    purpose: Purpose.nullable(),
    reference: z.string().nullable(),
    /** Inclusive byte range served, for media reads. */
    range: z.object({ start: z.number(), end: z.number() }).nullable(),
  })
  .meta({ id: 'AccessLogEntryDto' });
export type AccessLogEntryDto = z.infer<typeof AccessLogEntryDto>;
export const AccessLogResponse = z.object({ items: z.array(AccessLogEntryDto) }).meta({ id: 'AccessLogResponse' });
export type AccessLogResponse = z.infer<typeof AccessLogResponse>;

export const AgencyDto = refName.meta({ id: 'AgencyDto' });
export type AgencyDto = z.infer<typeof AgencyDto>;
export const ListAgenciesResponse = z.object({ items: z.array(AgencyDto) }).meta({ id: 'ListAgenciesResponse' });
export type ListAgenciesResponse = z.infer<typeof ListAgenciesResponse>;

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

export const AuditEventDto = z
  .object({
    seq: z.number(),
    at: z.string(),
    /** email and displayName are null unless the actor is a staff id that names a staff account. */
    actor: z.object({ type: ActorType, id: z.string(), email: z.string().nullable(), displayName: z.string().nullable() }),
    action: AuditAction,
    subject: z.object({ type: z.string(), id: z.string() }),
    purpose: Purpose.nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .meta({ id: 'AuditEventDto' });
export type AuditEventDto = z.infer<typeof AuditEventDto>;
export const ListAuditEventsResponse = z
  .object({ items: z.array(AuditEventDto), nextBefore: z.number().nullable() })
  .meta({ id: 'ListAuditEventsResponse' });
export type ListAuditEventsResponse = z.infer<typeof ListAuditEventsResponse>;

export const AuditVerifyResponse = z
  .union([
    z.object({ intact: z.literal(true), events: z.number() }),
    z.object({ intact: z.literal(false), firstBrokenSeq: z.number(), events: z.number() }),
  ])
  .meta({ id: 'AuditVerifyResponse' });
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;

/** Every error the API answers, whatever the route. */
export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBody>;
