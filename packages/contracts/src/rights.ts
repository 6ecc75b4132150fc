import { z } from 'zod';
import { ConductCategory, Purpose } from './enums.ts';
import { CallRef, EARLIEST_CALL_TIME } from './ingest.ts';
import type { RetentionReason } from './retention.ts';

// Users' rights (issue 9): the call platform's user events, upcoming deletions a lead can still
// stop with a hold, and disclosure (開示請求) exports.

export const retentionReasons = ['unflagged', 'flagged', 'withdrawn', 'deletion_request'] as const satisfies readonly RetentionReason[];

export const userEventTypes = ['withdrawal', 'deletion_request', 'minor', 'not_minor', 'disclosure_request'] as const;
export type UserEventType = (typeof userEventTypes)[number];
export const userEventStatuses = ['pending', 'done', 'refused'] as const;
export type UserEventStatus = (typeof userEventStatuses)[number];

export const PostUserEventBody = z
  .object({
    userRef: CallRef,
    type: z.enum(userEventTypes),
    at: z.iso.datetime({ offset: true }),
    /** The platform's own id for the request: sending it again returns the first event. */
    requestRef: CallRef.optional(),
  })
  .strict()
  // A withdrawal's time starts a timer: bound it like call times. Whether it lies in the future
  // needs the server's clock, so that check is the service's.
  .refine((b) => Date.parse(b.at) >= Date.parse(EARLIEST_CALL_TIME), {
    message: `at must not be before ${EARLIEST_CALL_TIME.slice(0, 10)} (2015)`,
    path: ['at'],
  });
export type PostUserEventBody = z.infer<typeof PostUserEventBody>;

/** What the platform is told about an event; `reason` only says why a request was refused. */
export interface UserEventDto {
  id: string;
  type: UserEventType;
  status: UserEventStatus;
  reason?: string;
}

// ---- upcoming deletions -------------------------------------------------------------------------

const refFilter = z.string().trim().min(1).max(200);

export const ListUpcomingDeletionsQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(90).default(7),
    agency: refFilter.optional(),
    creator: refFilter.optional(),
    reason: z.enum(retentionReasons).optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type ListUpcomingDeletionsQuery = z.input<typeof ListUpcomingDeletionsQuery>;

export interface UpcomingDeletionDto {
  recordingId: string;
  callRef: string;
  startedAt: string;
  retainUntil: string;
  reason: RetentionReason;
  agency: { ref: string; name: string };
  creator: { ref: string; name: string };
  /** Holding it back today, though not for good: the timer stands once these end. */
  openReview: boolean;
  livePacket: boolean;
}
export interface ListUpcomingDeletionsResponse {
  items: UpcomingDeletionDto[];
  nextCursor: string | null;
  /** The window's end: everything listed expires before it unless held. */
  until: string;
}

// ---- disclosure -----------------------------------------------------------------------------------

export const ListDisclosureRequestsQuery = z.object({ status: z.enum(userEventStatuses).optional() }).strict();
export type ListDisclosureRequestsQuery = z.input<typeof ListDisclosureRequestsQuery>;

export interface DisclosureRequestDto {
  id: string;
  userRef: string;
  requestRef: string | null;
  at: string;
  receivedAt: string;
  status: UserEventStatus;
  resolvedAt: string | null;
}
export interface ListDisclosureRequestsResponse {
  items: DisclosureRequestDto[];
}

/**
 * The privacy policy's exemptions from disclosure (利用者の権利): harm to the person or a third
 * party, a serious hindrance to the company's business, a breach of law, identity unconfirmed.
 */
export const disclosureExemptions = ['third_party_harm', 'business_hindrance', 'unlawful', 'identity_unconfirmed'] as const;
export type DisclosureExemption = (typeof disclosureExemptions)[number];

/** The policy's own words for each exemption, quoted in every export. */
export const DISCLOSURE_EXEMPTION_TEXT: Record<DisclosureExemption, string> = {
  third_party_harm: '開示することで本人又は第三者の生命、身体、財産その他の権利利益を害するおそれがある場合',
  business_hindrance: '開示することで当社の業務の適正な実施に著しい支障を及ぼすおそれがある場合',
  unlawful: '開示することが法令に違反することとなる場合',
  identity_unconfirmed: '開示の請求がご本人からであることが確認できない場合',
};

export const withheldKinds = [
  'recording_media',
  'report_note',
  'flag_note',
  'decision_rationale',
  'decision_about_creator',
  'account_note',
] as const;
export type WithheldKind = (typeof withheldKinds)[number];

export const staffAccessRoles = ['moderator', 'lead', 'auditor', 'admin', 'agency'] as const;
export type StaffAccessRole = (typeof staffAccessRoles)[number];

export interface DisclosureExportDto {
  type: 'kura.disclosure_export';
  version: 1;
  requestId: string;
  requestRef: string | null;
  producedAt: string;
  subject: { userRef: string; minor: boolean; withdrawnAt: string | null };
  calls: {
    ref: string;
    startedAt: string;
    endedAt: string;
    creator: { ref: string; name: string };
    agency: { ref: string; name: string };
  }[];
  recordings: {
    callRef: string;
    state: string;
    contentType: string;
    durationMs: number | null;
    bytes: number | null;
    sha256: string | null;
    uploadedAt: string | null;
    retainUntil: string | null;
    retentionReason: RetentionReason;
    retentionPolicyVersion: string;
    privacyPolicyVersion: string;
    expiredAt: string | null;
  }[];
  reports: {
    callRef: string;
    /** Filed by the user, or about them (by the creator or the platform's systems). */
    direction: 'by_user' | 'about_user';
    reporter: 'user' | 'creator' | 'system';
    category: ConductCategory;
    atSeconds: number | null;
    createdAt: string;
    /** The user's own words; others' notes are withheld (see `withheld`). */
    note: string | null;
  }[];
  flags: {
    callRef: string;
    category: ConductCategory;
    severity: string;
    startMs: number;
    endMs: number;
    createdAt: string;
    retractedAt: string | null;
  }[];
  decisions: {
    callRef: string;
    outcome: string;
    suspendDays: number | null;
    decidedAt: string;
    policyVersion: string;
    policyClauses: string[];
    reopenedAt: string | null;
  }[];
  provisionRecords: {
    providedAt: string;
    recipient: { ref: string; name: string };
    items: string;
    basis: string;
    privacyPolicyVersion: string;
  }[];
  requests: { type: UserEventType; at: string; receivedAt: string; status: UserEventStatus; reason: string | null }[];
  /** Who looked at their data, by role (never by name), per day in Japan, with the declared purpose. */
  staffAccess: { day: string; role: StaffAccessRole; action: string; purpose: Purpose | null; count: number }[];
  withheld: { kind: WithheldKind; callRef: string | null; at: string | null; exemption: DisclosureExemption }[];
  exemptions: Record<DisclosureExemption, string>;
}

/** Audit actions of users' rights. */
export const rightsAuditActions = [
  'user_event.received',
  'retention.upcoming_listed',
  'disclosures.listed',
  'disclosure.exported',
] as const;
