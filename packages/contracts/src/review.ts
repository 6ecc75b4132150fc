import { z } from 'zod';
import { ConductCategory, type RecordingState, type Role } from './enums.ts';
import type { HoldDto, ReportDto, StaffRefDto } from './shared-dtos.ts';

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
export type PriorityReason =
  | { code: 'category'; category: ConductCategory; points: number }
  | { code: 'reports'; count: number; points: number }
  | { code: 'minor'; points: number }
  | { code: 'user_history'; reports: number; violations: number; points: number }
  | { code: 'creator_history'; reports: number; violations: number; points: number }
  | { code: 'sampled'; points: number }
  | { code: 'staff_opened'; points: number };

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

export interface ReviewItemSummaryDto {
  id: string;
  status: ReviewStatus;
  queue: ReviewQueue;
  source: ReviewSource;
  priority: number;
  priorityBand: PriorityBand;
  priorityReasons: PriorityReason[];
  categories: ConductCategory[];
  reportCount: number;
  openedAt: string;
  closedAt: string | null;
  call: { id: string; ref: string; startedAt: string; endedAt: string };
  /** Null until the platform uploads the call's recording. */
  recording: { id: string; state: RecordingState; durationMs: number | null } | null;
  creator: { ref: string; name: string };
  agency: { ref: string; name: string };
  userRef: string;
  /** The platform user is known to be a minor: always shown blurred, ranked higher. */
  minor: boolean;
  assignee: StaffRefDto | null;
  claimExpiresAt: string | null;
  onHold: boolean;
}

export interface ReviewStatusCounts {
  open: number;
  claimed: number;
  escalated: number;
  closed: number;
}

export interface ListReviewItemsResponse {
  items: ReviewItemSummaryDto[];
  nextCursor: string | null;
  /** Per status, under the same filters except status. */
  counts: ReviewStatusCounts;
  /** When the oldest item still waiting (open or escalated, unclaimed) was opened. */
  oldestWaitingAt: string | null;
}

export interface FlagRevisionDto {
  version: number;
  category: ConductCategory;
  severity: Severity;
  startMs: number;
  endMs: number;
  note: string | null;
  editedBy: StaffRefDto;
  editedAt: string;
}

export interface FlagDto {
  id: string;
  recordingId: string;
  reviewItemId: string | null;
  category: ConductCategory;
  severity: Severity;
  startMs: number;
  endMs: number;
  note: string | null;
  author: StaffRefDto;
  version: number;
  createdAt: string;
  updatedAt: string;
  retracted: { at: string; by: StaffRefDto; reason: string } | null;
  /** Every version, oldest first (the current one last). */
  history: FlagRevisionDto[];
}

export interface DecisionDto {
  id: string;
  reviewItemId: string;
  outcome: DecisionOutcome;
  suspendDays: number | null;
  rationale: string;
  flagIds: string[];
  policyVersion: string;
  policyClauses: string[];
  decidedBy: StaffRefDto;
  decidedAt: string;
  reopened: { at: string; by: StaffRefDto; reason: string } | null;
}

export interface ReviewItemDetailDto extends ReviewItemSummaryDto {
  openedBy: StaffRefDto | null;
  openNote: string | null;
  reports: ReportDto[];
  /** Flags on the call's recording (retracted ones included, marked). */
  flags: FlagDto[];
  /** Oldest first; a reopened decision stays, marked. */
  decisions: DecisionDto[];
  holds: HoldDto[];
}

export interface AccountCallDto {
  callRef: string;
  startedAt: string;
  recordingId: string | null;
  reviewItemId: string | null;
  reportCount: number;
  flagCount: number;
  decisions: { outcome: DecisionOutcome; decidedAt: string }[];
}

export interface AccountNoteDto {
  id: string;
  body: string;
  author: StaffRefDto;
  createdAt: string;
}

/** Beside each item: the same user's and creator's other calls, and staff notes on both. */
export interface ReviewContextDto {
  user: { ref: string; minor: boolean; calls: AccountCallDto[]; notes: AccountNoteDto[] };
  creator: { ref: string; name: string; agency: { ref: string; name: string }; calls: AccountCallDto[]; notes: AccountNoteDto[] };
}

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

export const OpenReviewBody = z.object({ note: z.string().trim().max(2000).optional() }).strict();
export type OpenReviewBody = z.infer<typeof OpenReviewBody>;

export const AssignBody = z.object({ staffUserId: uuid }).strict();
export type AssignBody = z.infer<typeof AssignBody>;

export const BulkReviewBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign'), ids: z.array(uuid).min(1).max(100), staffUserId: uuid }).strict(),
  z.object({ action: z.literal('close_no_violation'), ids: z.array(uuid).min(1).max(100), rationale: text(4000) }).strict(),
]);
export type BulkReviewBody = z.infer<typeof BulkReviewBody>;
export interface BulkReviewResponse {
  batchId: string;
  done: string[];
  /** Items left as they were, each with why (e.g. claimed by someone else, already closed). */
  skipped: { id: string; code: string }[];
}

export const CreateAccountNoteBody = z.object({ body: text(4000) }).strict();
export type CreateAccountNoteBody = z.infer<typeof CreateAccountNoteBody>;
export const accountTypes = ['user', 'creator'] as const;
export type AccountType = (typeof accountTypes)[number];

/** Reviewers eligible for assignment (moderators and leads, enabled). */
export interface AssignableStaffResponse {
  items: (StaffRefDto & { roles: Role[] })[];
}

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

export interface MyPreferencesDto {
  /** What applies now: the organisation's defaults with the person's own overrides on top. */
  wellbeing: WellbeingSettings;
  overrides: Partial<WellbeingSettings>;
  defaults: WellbeingSettings;
}
/**
 * PUT replaces the person's overrides as a whole: a setting left out follows the organisation's
 * default again (`{wellbeing: {}}` resets everything).
 */
export const UpdatePreferencesBody = z.object({ wellbeing: WellbeingSettings.partial().strict() }).strict();
export type UpdatePreferencesBody = z.infer<typeof UpdatePreferencesBody>;

export interface ReviewSettingsDto {
  wellbeingDefaults: WellbeingSettings;
  /** Played minutes in a Tokyo day after which the console suggests a break. */
  breakThresholdMinutes: number;
}
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
export interface MyExposureDto {
  /** Tokyo day, YYYY-MM-DD. */
  day: string;
  totalMs: number;
  bySeverity: Record<ExposureSeverity, number>;
  breakThresholdMinutes: number;
  breakDue: boolean;
}
/** The team's totals for leads; deliberately no per-person figures. */
export interface TeamExposureDto {
  day: string;
  reviewers: number;
  totalMs: number;
  bySeverity: Record<ExposureSeverity, number>;
}

// ---- the call platform's decision feed (GET /v1/ingest/decisions) -----------------------------

export const DecisionFeedQuery = z
  .object({
    since: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type DecisionFeedQuery = z.input<typeof DecisionFeedQuery>;

export interface DecisionFeedItemDto {
  decisionId: string;
  callRef: string;
  userRef: string;
  creatorRef: string;
  outcome: Exclude<DecisionOutcome, 'escalate'>;
  suspendDays: number | null;
  decidedAt: string;
  /** A decision this one replaces after a lead reopened the item (e.g. to lift a ban). */
  supersedes: string | null;
}
export interface DecisionFeedResponse {
  items: DecisionFeedItemDto[];
  /** Pass as `since` next time; unchanged when there is nothing new. */
  next: string;
}

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
