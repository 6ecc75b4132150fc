import { z } from 'zod';
import { ConductCategory, RecordingState, Role } from './enums.ts';
import { HoldDto, ReportDto, StaffRefDto } from './shared-dtos.ts';

// The review workflow's API (/api/review-items, flags, decisions, holds, account notes, the
// reviewer's own exposure and preferences) and the platform's decision feed.

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(severities);
export type Severity = z.infer<typeof Severity>;

export const decisionOutcomes = [
  'no_violation',
  'warn_user',
  'warn_creator',
  'suspend_user',
  'ban_user',
  'escalate',
  'refer_to_agency',
] as const;
export const DecisionOutcome = z.enum(decisionOutcomes);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

/** Only leads may suspend or ban. */
export const leadOnlyOutcomes: readonly DecisionOutcome[] = ['suspend_user', 'ban_user'];
/** Outcomes that say something happened must cite at least one flag. */
export const outcomesNeedingFlags: readonly DecisionOutcome[] = [
  'warn_user',
  'warn_creator',
  'suspend_user',
  'ban_user',
  'refer_to_agency',
];
/** Outcomes that close the item ("escalate" hands it to the leads' queue instead). */
export const closingOutcomes: readonly DecisionOutcome[] = decisionOutcomes.filter((o) => o !== 'escalate');
export const MAX_SUSPEND_DAYS = 365;

/**
 * The service's conduct policy as a decision cites it: one clause per conduct category
 * (DESIGN.md's list). The console shows each clause's text beside the flag form and the decision.
 */
export const CONDUCT_POLICY_VERSION = 'conduct-2026-11';
export const conductClauses: Record<ConductCategory, string> = {
  harassment: 'prohibited.1.harassment',
  sexual_content: 'prohibited.2.sexual_content',
  contact_exchange: 'prohibited.3.contact_exchange',
  threats_violence: 'prohibited.4.threats_violence',
  minor_involvement: 'prohibited.5.minor_involvement',
  fraud: 'prohibited.6.fraud',
  hate: 'prohibited.7.hate',
  unauthorised_recording: 'prohibited.8.unauthorised_recording',
  other: 'prohibited.9.other',
};

export const reviewSources = ['report', 'sample', 'staff'] as const;
export type ReviewSource = (typeof reviewSources)[number];
export const reviewQueues = ['moderators', 'leads'] as const;
export type ReviewQueue = (typeof reviewQueues)[number];

/**
 * What the queue shows: `open` (waiting, nobody holds it), `claimed` (someone holds a live
 * claim), `escalated` (waiting in the leads' queue), `closed` (decided).
 */
export const reviewStatuses = ['open', 'claimed', 'escalated', 'closed'] as const;
export const ReviewStatus = z.enum(reviewStatuses);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const priorityBands = ['critical', 'high', 'medium', 'low'] as const;
export const PriorityBand = z.enum(priorityBands);
export type PriorityBand = z.infer<typeof PriorityBand>;
/** Lowest score of each band (scores run 0-100). */
export const priorityBandFloors: Record<PriorityBand, number> = { critical: 70, high: 45, medium: 25, low: 0 };

/** One line of "why is this item this urgent", in points. The console words each code. */
export const PriorityReason = z
  .discriminatedUnion('code', [
    z.object({ code: z.literal('category'), category: ConductCategory, points: z.number() }),
    z.object({ code: z.literal('reports'), count: z.number(), points: z.number() }),
    z.object({ code: z.literal('minor'), points: z.number() }),
    z.object({ code: z.literal('user_history'), reports: z.number(), violations: z.number(), points: z.number() }),
    z.object({ code: z.literal('creator_history'), reports: z.number(), violations: z.number(), points: z.number() }),
    z.object({ code: z.literal('sampled'), points: z.number() }),
    z.object({ code: z.literal('staff_opened'), points: z.number() }),
  ])
  .meta({ id: 'PriorityReason' });
export type PriorityReason = z.infer<typeof PriorityReason>;

export const reviewSorts = ['priority', 'oldest', 'newest'] as const;

const uuid = z.uuid();
const bool = z.enum(['true', 'false']);
const refFilter = z.string().trim().min(1).max(200);

export const ListReviewItemsQuery = z
  .object({
    status: ReviewStatus.optional(),
    category: ConductCategory.optional(),
    agency: refFilter.optional(),
    creator: refFilter.optional(),
    assignee: uuid.optional(),
    mine: bool.optional(),
    priority: PriorityBand.optional(),
    sampled: bool.optional(),
    /** Tokyo days (YYYY-MM-DD) on which the item was opened, inclusive. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    sort: z.enum(reviewSorts).default('priority'),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type ListReviewItemsQuery = z.input<typeof ListReviewItemsQuery>;

const refName = z.object({ ref: z.string(), name: z.string() });
const byWhom = z.object({ at: z.string(), by: StaffRefDto, reason: z.string() });

export const ReviewItemSummaryDto = z
  .object({
    id: z.string(),
    status: ReviewStatus,
    queue: z.enum(reviewQueues),
    source: z.enum(reviewSources),
    priority: z.number(),
    priorityBand: PriorityBand,
    priorityReasons: z.array(PriorityReason),
    categories: z.array(ConductCategory),
    reportCount: z.number(),
    openedAt: z.string(),
    closedAt: z.string().nullable(),
    call: z.object({ id: z.string(), ref: z.string(), startedAt: z.string(), endedAt: z.string() }),
    /** Null until the platform uploads the call's recording. */
    recording: z.object({ id: z.string(), state: RecordingState, durationMs: z.number().nullable() }).nullable(),
    creator: refName,
    agency: refName,
    userRef: z.string(),
    /** The platform user is known to be a minor: always shown blurred, ranked higher. */
    minor: z.boolean(),
    assignee: StaffRefDto.nullable(),
    claimExpiresAt: z.string().nullable(),
    onHold: z.boolean(),
  })
  .meta({ id: 'ReviewItemSummaryDto' });
export type ReviewItemSummaryDto = z.infer<typeof ReviewItemSummaryDto>;

export const ReviewStatusCounts = z
  .object({ open: z.number(), claimed: z.number(), escalated: z.number(), closed: z.number() })
  .meta({ id: 'ReviewStatusCounts' });
export type ReviewStatusCounts = z.infer<typeof ReviewStatusCounts>;

export const ListReviewItemsResponse = z
  .object({
    items: z.array(ReviewItemSummaryDto),
    nextCursor: z.string().nullable(),
    /** Per status, under the same filters except status; each stops at countLimit. */
    counts: ReviewStatusCounts,
    /** Counting stops here: a count equal to it means that many or more (shown as "1,000+"). */
    countLimit: z.number().int().positive(),
    /** When the oldest item still waiting (open or escalated, unclaimed) was opened. */
    oldestWaitingAt: z.string().nullable(),
  })
  .meta({ id: 'ListReviewItemsResponse' });
export type ListReviewItemsResponse = z.infer<typeof ListReviewItemsResponse>;

export const FlagRevisionDto = z
  .object({
    version: z.number(),
    category: ConductCategory,
    severity: Severity,
    startMs: z.number(),
    endMs: z.number(),
    note: z.string().nullable(),
    editedBy: StaffRefDto,
    editedAt: z.string(),
  })
  .meta({ id: 'FlagRevisionDto' });
export type FlagRevisionDto = z.infer<typeof FlagRevisionDto>;

export const FlagDto = z
  .object({
    id: z.string(),
    recordingId: z.string(),
    reviewItemId: z.string().nullable(),
    category: ConductCategory,
    severity: Severity,
    startMs: z.number(),
    endMs: z.number(),
    note: z.string().nullable(),
    author: StaffRefDto,
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    retracted: byWhom.nullable(),
    /** Every version, oldest first (the current one last). */
    history: z.array(FlagRevisionDto),
  })
  .meta({ id: 'FlagDto' });
export type FlagDto = z.infer<typeof FlagDto>;

export const DecisionDto = z
  .object({
    id: z.string(),
    reviewItemId: z.string(),
    outcome: DecisionOutcome,
    suspendDays: z.number().nullable(),
    rationale: z.string(),
    flagIds: z.array(z.string()),
    policyVersion: z.string(),
    policyClauses: z.array(z.string()),
    decidedBy: StaffRefDto,
    decidedAt: z.string(),
    reopened: byWhom.nullable(),
  })
  .meta({ id: 'DecisionDto' });
export type DecisionDto = z.infer<typeof DecisionDto>;

export const ReviewItemDetailDto = ReviewItemSummaryDto.extend({
  openedBy: StaffRefDto.nullable(),
  openNote: z.string().nullable(),
  reports: z.array(ReportDto),
  /** Flags on the call's recording (retracted ones included, marked). */
  flags: z.array(FlagDto),
  /** Oldest first; a reopened decision stays, marked. */
  decisions: z.array(DecisionDto),
  holds: z.array(HoldDto),
}).meta({ id: 'ReviewItemDetailDto' });
export type ReviewItemDetailDto = z.infer<typeof ReviewItemDetailDto>;

export const AccountCallDto = z
  .object({
    callRef: z.string(),
    startedAt: z.string(),
    recordingId: z.string().nullable(),
    reviewItemId: z.string().nullable(),
    reportCount: z.number(),
    flagCount: z.number(),
    decisions: z.array(z.object({ outcome: DecisionOutcome, decidedAt: z.string() })),
  })
  .meta({ id: 'AccountCallDto' });
export type AccountCallDto = z.infer<typeof AccountCallDto>;

export const AccountNoteDto = z
  .object({ id: z.string(), body: z.string(), author: StaffRefDto, createdAt: z.string() })
  .meta({ id: 'AccountNoteDto' });
export type AccountNoteDto = z.infer<typeof AccountNoteDto>;

/** Beside each item: the same user's and creator's other calls, and staff notes on both. */
export const ReviewContextDto = z
  .object({
    user: z.object({ ref: z.string(), minor: z.boolean(), calls: z.array(AccountCallDto), notes: z.array(AccountNoteDto) }),
    creator: z.object({
      ref: z.string(),
      name: z.string(),
      agency: refName,
      calls: z.array(AccountCallDto),
      notes: z.array(AccountNoteDto),
    }),
  })
  .meta({ id: 'ReviewContextDto' });
export type ReviewContextDto = z.infer<typeof ReviewContextDto>;

const text = (max: number) => z.string().trim().min(1).max(max);
const ms = z
  .number()
  .int()
  .min(0)
  .max(48 * 3_600_000);

export const CreateFlagBody = z
  .object({
    category: ConductCategory,
    severity: Severity,
    startMs: ms,
    endMs: ms,
    note: z.string().trim().max(4000).optional(),
    reviewItemId: uuid.optional(),
  })
  .strict()
  .refine((b) => b.endMs > b.startMs, { message: 'endMs must be after startMs', path: ['endMs'] })
  .refine((b) => b.category !== 'other' || (b.note !== undefined && b.note.length > 0), {
    message: 'a note is required for category "other"',
    path: ['note'],
  });
export type CreateFlagBody = z.infer<typeof CreateFlagBody>;

export const UpdateFlagBody = z
  .object({
    category: ConductCategory.optional(),
    severity: Severity.optional(),
    startMs: ms.optional(),
    endMs: ms.optional(),
    note: z.string().trim().max(4000).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateFlagBody = z.infer<typeof UpdateFlagBody>;

export const ReasonBody = z.object({ reason: text(2000) }).strict();
export type ReasonBody = z.infer<typeof ReasonBody>;

export const DecisionBody = z
  .object({
    outcome: DecisionOutcome,
    rationale: text(4000),
    flagIds: z.array(uuid).max(100).default([]),
    suspendDays: z.number().int().min(1).max(MAX_SUSPEND_DAYS).optional(),
  })
  .strict()
  .refine((b) => (b.outcome === 'suspend_user') === (b.suspendDays !== undefined), {
    message: 'suspendDays is required for suspend_user, and only for it',
    path: ['suspendDays'],
  });
export type DecisionBody = z.infer<typeof DecisionBody>;

export const ListFlagsResponse = z.object({ items: z.array(FlagDto) }).meta({ id: 'ListFlagsResponse' });
export type ListFlagsResponse = z.infer<typeof ListFlagsResponse>;

export const OpenReviewBody = z.object({ note: z.string().trim().max(2000).optional() }).strict();
export type OpenReviewBody = z.infer<typeof OpenReviewBody>;

export const AssignBody = z.object({ staffUserId: uuid }).strict();
export type AssignBody = z.infer<typeof AssignBody>;

export const BulkReviewBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids: z.array(uuid).min(1).max(100), staffUserId: uuid }).strict(),
  z.object({ action: z.literal('close_no_violation'), ids: z.array(uuid).min(1).max(100), rationale: text(4000) }).strict(),
]);
export type BulkReviewBody = z.infer<typeof BulkReviewBody>;
export const BulkReviewResponse = z
  .object({
    batchId: z.string(),
    done: z.array(z.string()),
    /** Items left as they were, each with why (e.g. claimed by someone else, already closed). */
    skipped: z.array(z.object({ id: z.string(), code: z.string() })),
  })
  .meta({ id: 'BulkReviewResponse' });
export type BulkReviewResponse = z.infer<typeof BulkReviewResponse>;

export const CreateAccountNoteBody = z.object({ body: text(4000) }).strict();
export type CreateAccountNoteBody = z.infer<typeof CreateAccountNoteBody>;
export const accountTypes = ['user', 'creator'] as const;
export type AccountType = (typeof accountTypes)[number];

/** Reviewers eligible for assignment (moderators and leads, enabled). */
export const AssignableStaffResponse = z
  .object({ items: z.array(StaffRefDto.extend({ roles: z.array(Role) })) })
  .meta({ id: 'AssignableStaffResponse' });
export type AssignableStaffResponse = z.infer<typeof AssignableStaffResponse>;

// ---- wellbeing and exposure -------------------------------------------------------------------

export const WellbeingSettings = z
  .object({
    blurVideo: z.boolean(),
    greyscale: z.boolean(),
    muteAudio: z.boolean(),
    blurThumbnails: z.boolean(),
  })
  .strict();
export type WellbeingSettings = z.infer<typeof WellbeingSettings>;
/** On by default: a reviewer sees a call blurred, grey and muted until they choose to reveal it. */
export const DEFAULT_WELLBEING: WellbeingSettings = { blurVideo: true, greyscale: true, muteAudio: true, blurThumbnails: true };

export const MyPreferencesDto = z
  .object({
    /** What applies now: the organisation's defaults with the person's own overrides on top. */
    wellbeing: WellbeingSettings,
    overrides: WellbeingSettings.partial(),
    defaults: WellbeingSettings,
  })
  .meta({ id: 'MyPreferencesDto' });
export type MyPreferencesDto = z.infer<typeof MyPreferencesDto>;
/**
 * PUT replaces the person's overrides as a whole: a setting left out follows the organisation's
 * default again (`{wellbeing: {}}` resets everything).
 */
export const UpdatePreferencesBody = z.object({ wellbeing: WellbeingSettings.partial().strict() }).strict();
export type UpdatePreferencesBody = z.infer<typeof UpdatePreferencesBody>;

export const ReviewSettingsDto = z
  .object({
    wellbeingDefaults: WellbeingSettings,
    /** Played minutes in a Tokyo day after which the console suggests a break. */
    breakThresholdMinutes: z.number(),
  })
  .meta({ id: 'ReviewSettingsDto' });
export type ReviewSettingsDto = z.infer<typeof ReviewSettingsDto>;
export const UpdateReviewSettingsBody = z
  .object({
    wellbeingDefaults: WellbeingSettings.optional(),
    breakThresholdMinutes: z
      .number()
      .int()
      .min(10)
      .max(24 * 60)
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateReviewSettingsBody = z.infer<typeof UpdateReviewSettingsBody>;

export const ExposureHeartbeatBody = z
  .object({
    recordingId: uuid,
    /** Media actually played since the last heartbeat (not buffered). */
    playedMs: z.number().int().min(1).max(120_000),
  })
  .strict();
export type ExposureHeartbeatBody = z.infer<typeof ExposureHeartbeatBody>;

export type ExposureSeverity = 'none' | Severity;
const bySeverity = z.object({ none: z.number(), low: z.number(), medium: z.number(), high: z.number(), critical: z.number() });
export const MyExposureDto = z
  .object({
    /** Tokyo day, YYYY-MM-DD. */
    day: z.string(),
    totalMs: z.number(),
    bySeverity,
    breakThresholdMinutes: z.number(),
    breakDue: z.boolean(),
  })
  .meta({ id: 'MyExposureDto' });
export type MyExposureDto = z.infer<typeof MyExposureDto>;
/** The team's totals for leads; deliberately no per-person figures. */
export const TeamExposureDto = z
  .object({ day: z.string(), reviewers: z.number(), totalMs: z.number(), bySeverity })
  .meta({ id: 'TeamExposureDto' });
export type TeamExposureDto = z.infer<typeof TeamExposureDto>;

// ---- the call platform's decision feed (GET /v1/ingest/decisions) -----------------------------

export const DecisionFeedQuery = z
  .object({
    since: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type DecisionFeedQuery = z.input<typeof DecisionFeedQuery>;

export const DecisionFeedItemDto = z
  .object({
    decisionId: z.string(),
    callRef: z.string(),
    userRef: z.string(),
    creatorRef: z.string(),
    outcome: DecisionOutcome.exclude(['escalate']),
    suspendDays: z.number().nullable(),
    decidedAt: z.string(),
    /** A decision this one replaces after a lead reopened the item (e.g. to lift a ban). */
    supersedes: z.string().nullable(),
  })
  .meta({ id: 'DecisionFeedItemDto' });
export type DecisionFeedItemDto = z.infer<typeof DecisionFeedItemDto>;
export const DecisionFeedResponse = z
  .object({
    items: z.array(DecisionFeedItemDto),
    /** Pass as `since` next time; unchanged when there is nothing new. */
    next: z.string(),
  })
  .meta({ id: 'DecisionFeedResponse' });
export type DecisionFeedResponse = z.infer<typeof DecisionFeedResponse>;

/** Audit actions of the review workflow (part of the audit chain's list of actions). */
export const reviewAuditActions = [
  'review.listed',
  'review.viewed',
  'review.context_viewed',
  'review.opened',
  'review.claimed',
  'review.released',
  'review.assigned',
  'review.decided',
  'review.reopened',
  'flag.created',
  'flag.edited',
  'flag.retracted',
  'hold.placed',
  'hold.released',
  'account_note.added',
  'decisions.polled',
  'staff.updated',
  'staff.enabled',
  'staff.password_changed',
  'session.revoked',
  'settings.updated',
  'preferences.updated',
] as const;
