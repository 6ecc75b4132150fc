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
export const UserEventDto = z
  .object({
    id: z.string(),
    type: z.enum(userEventTypes),
    status: z.enum(userEventStatuses),
    reason: z.string().optional(),
  })
  .meta({ id: 'UserEventDto' });
export type UserEventDto = z.infer<typeof UserEventDto>;

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

/** An agency or a creator, by the platform's ref and name. */
const NamedRef = z.object({ ref: z.string(), name: z.string() });

export const UpcomingDeletionDto = z
  .object({
    recordingId: z.string(),
    callRef: z.string(),
    startedAt: z.string(),
    retainUntil: z.string(),
    reason: z.enum(retentionReasons),
    agency: NamedRef,
    creator: NamedRef,
    /** Holding it back today, though not for good: the timer stands once these end. */
    openReview: z.boolean(),
    livePacket: z.boolean(),
  })
  .meta({ id: 'UpcomingDeletionDto' });
export type UpcomingDeletionDto = z.infer<typeof UpcomingDeletionDto>;

export const ListUpcomingDeletionsResponse = z
  .object({
    items: z.array(UpcomingDeletionDto),
    nextCursor: z.string().nullable(),
    /** The window's end: everything listed expires before it unless held. */
    until: z.string(),
  })
  .meta({ id: 'ListUpcomingDeletionsResponse' });
export type ListUpcomingDeletionsResponse = z.infer<typeof ListUpcomingDeletionsResponse>;

// ---- disclosure -----------------------------------------------------------------------------------

export const ListDisclosureRequestsQuery = z.object({ status: z.enum(userEventStatuses).optional() }).strict();
export type ListDisclosureRequestsQuery = z.input<typeof ListDisclosureRequestsQuery>;

export const DisclosureRequestDto = z
  .object({
    id: z.string(),
    userRef: z.string(),
    requestRef: z.string().nullable(),
    at: z.string(),
    receivedAt: z.string(),
    status: z.enum(userEventStatuses),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'DisclosureRequestDto' });
export type DisclosureRequestDto = z.infer<typeof DisclosureRequestDto>;

export const ListDisclosureRequestsResponse = z
  .object({ items: z.array(DisclosureRequestDto) })
  .meta({ id: 'ListDisclosureRequestsResponse' });
export type ListDisclosureRequestsResponse = z.infer<typeof ListDisclosureRequestsResponse>;

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

export const DisclosureExportDto = z
  .object({
    type: z.literal('kura.disclosure_export'),
    version: z.literal(1),
    requestId: z.string(),
    requestRef: z.string().nullable(),
    producedAt: z.string(),
    subject: z.object({ userRef: z.string(), minor: z.boolean(), withdrawnAt: z.string().nullable() }),
    calls: z.array(z.object({ ref: z.string(), startedAt: z.string(), endedAt: z.string(), creator: NamedRef, agency: NamedRef })),
    recordings: z.array(
      z.object({
        callRef: z.string(),
        state: z.string(),
        contentType: z.string(),
        durationMs: z.number().nullable(),
        bytes: z.number().nullable(),
        sha256: z.string().nullable(),
        uploadedAt: z.string().nullable(),
        retainUntil: z.string().nullable(),
        retentionReason: z.enum(retentionReasons),
        retentionPolicyVersion: z.string(),
        privacyPolicyVersion: z.string(),
        expiredAt: z.string().nullable(),
      }),
    ),
    reports: z.array(
      z.object({
        callRef: z.string(),
        /** Filed by the user, or about them (by the creator or the platform's systems). */
        direction: z.enum(['by_user', 'about_user']),
        reporter: z.enum(['user', 'creator', 'system']),
        category: ConductCategory,
        atSeconds: z.number().nullable(),
        createdAt: z.string(),
        /** The user's own words; others' notes are withheld (see `withheld`). */
        note: z.string().nullable(),
      }),
    ),
    flags: z.array(
      z.object({
        callRef: z.string(),
        category: ConductCategory,
        severity: z.string(),
        startMs: z.number(),
        endMs: z.number(),
        createdAt: z.string(),
        retractedAt: z.string().nullable(),
      }),
    ),
    decisions: z.array(
      z.object({
        callRef: z.string(),
        outcome: z.string(),
        suspendDays: z.number().nullable(),
        decidedAt: z.string(),
        policyVersion: z.string(),
        policyClauses: z.array(z.string()),
        reopenedAt: z.string().nullable(),
      }),
    ),
    provisionRecords: z.array(
      z.object({
        providedAt: z.string(),
        recipient: NamedRef,
        items: z.string(),
        basis: z.string(),
        privacyPolicyVersion: z.string(),
      }),
    ),
    requests: z.array(
      z.object({
        type: z.enum(userEventTypes),
        at: z.string(),
        receivedAt: z.string(),
        status: z.enum(userEventStatuses),
        reason: z.string().nullable(),
      }),
    ),
    /** Who looked at their data, by role (never by name), per day in Japan, with the declared purpose. */
    staffAccess: z.array(
      z.object({ day: z.string(), role: z.enum(staffAccessRoles), action: z.string(), purpose: Purpose.nullable(), count: z.number() }),
    ),
    withheld: z.array(
      z.object({
        kind: z.enum(withheldKinds),
        callRef: z.string().nullable(),
        at: z.string().nullable(),
        exemption: z.enum(disclosureExemptions),
      }),
    ),
    exemptions: z.record(z.enum(disclosureExemptions), z.string()),
  })
  .meta({ id: 'DisclosureExportDto' });
export type DisclosureExportDto = z.infer<typeof DisclosureExportDto>;

/** Audit actions of users' rights. */
export const rightsAuditActions = [
  'user_event.received',
  'retention.upcoming_listed',
  'disclosures.listed',
  'disclosure.exported',
] as const;
