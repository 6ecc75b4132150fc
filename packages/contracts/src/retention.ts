import { z } from 'zod';
import { PACKET_CLIP_RETENTION_DAYS } from './packets.ts';

// Retention (DESIGN.md "Retention"): the periods admins may change, the job's schedule and switch.

export const DEFAULT_RETENTION_SETTINGS = {
  unflaggedDays: 30,
  flaggedDays: 180,
  withdrawnDays: 7,
  packetClipDays: PACKET_CLIP_RETENTION_DAYS,
  cron: '0 * * * *',
  enabled: true,
} as const;

/** Five cron fields (minute hour day month weekday); the server checks it parses before saving. */
const cronExpression = z
  .string()
  .trim()
  .max(100)
  .regex(/^\S+( \S+){4}$/, 'five fields: minute hour day-of-month month day-of-week');

const days = (max: number) => z.number().int().min(1).max(max);

export const RetentionSettings = z.object({
  /** From the call's end (never past the upload) for a recording with no flag or decision. */
  unflaggedDays: days(3650),
  /** From the last flag or decision. */
  flaggedDays: days(3650),
  /** From the user's withdrawal, for their recordings with no flag, decision, hold or packet. */
  withdrawnDays: days(3650),
  /** From the packet's first sharing, for its clips. */
  packetClipDays: days(3650),
  cron: cronExpression,
  /** Off: the scheduled run does nothing (a run by hand still works). */
  enabled: z.boolean(),
});
/** The settings as answered (the same shape the admin's changes are checked against). */
export const RetentionSettingsDto = RetentionSettings.meta({ id: 'RetentionSettingsDto' });
export type RetentionSettingsDto = z.infer<typeof RetentionSettings>;

export const UpdateRetentionSettingsBody = RetentionSettings.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateRetentionSettingsBody = z.infer<typeof UpdateRetentionSettingsBody>;

/** Audit actions of the retention job (part of the audit chain's list of actions). */
export const retentionAuditActions = ['retention.expired', 'retention.clips_expired', 'retention.ran'] as const;

export type RetentionReason = 'unflagged' | 'flagged' | 'withdrawn' | 'deletion_request';
export type HeldBackReason = 'hold' | 'open_review' | 'live_packet';

export const RetentionRunDto = z
  .object({
    id: z.string(),
    /** Place in the receipt chain; null for dry runs and runs that did not finish. */
    seq: z.number().int().nullable(),
    dryRun: z.boolean(),
    status: z.enum(['running', 'done', 'failed']),
    triggeredBy: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    scanned: z.number().int(),
    expired: z.number().int(),
    bytesFreed: z.number(),
    heldBack: z.object({
      counts: z.record(z.string(), z.number()).optional(),
      sample: z.record(z.string(), z.array(z.string())).optional(),
    }),
    errors: z.array(
      z.object({
        stage: z.string(),
        recordingIds: z.array(z.string()).optional(),
        clipIds: z.array(z.string()).optional(),
        message: z.string(),
        attempts: z.number().int(),
      }),
    ),
    receiptHash: z.string().nullable(),
  })
  .meta({ id: 'RetentionRunDto' });
export type RetentionRunDto = z.infer<typeof RetentionRunDto>;

export const RetentionRunDetailDto = RetentionRunDto.extend({
  /** The signed receipt ({payload, signature}); a dry run's report is unsigned. */
  receipt: z.record(z.string(), z.unknown()).nullable(),
}).meta({ id: 'RetentionRunDetailDto' });
export type RetentionRunDetailDto = z.infer<typeof RetentionRunDetailDto>;

export const ListRetentionRunsResponse = z
  .object({
    runs: z.array(RetentionRunDto),
    /** Pass as `before` for the next (older) page; null at the end. */
    nextBefore: z.string().nullable(),
  })
  .meta({ id: 'ListRetentionRunsResponse' });
export type ListRetentionRunsResponse = z.infer<typeof ListRetentionRunsResponse>;

export const ListRetentionRunsQuery = z
  .object({
    /** Keyset cursor: the id of the last run of the previous page. */
    before: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** What stays of an expired object: enough to prove what existed and why it was destroyed. */
export const TombstoneDto = z
  .object({
    objectId: z.string(),
    kind: z.enum(['recording', 'thumbnail_strip', 'packet_clip']),
    packetId: z.string().nullable(),
    plaintextBytes: z.number().nullable(),
    storedBytes: z.number().nullable(),
    sha256: z.string().nullable(),
    reason: z.string(),
    expiredAt: z.string(),
    runId: z.string(),
  })
  .meta({ id: 'TombstoneDto' });
export type TombstoneDto = z.infer<typeof TombstoneDto>;

/** On an expired recording's detail: when, why, by which run, and the tombstones. */
export const RecordingExpiryDto = z
  .object({ expiredAt: z.string(), reason: z.string(), runId: z.string(), tombstones: z.array(TombstoneDto) })
  .meta({ id: 'RecordingExpiryDto' });
export type RecordingExpiryDto = z.infer<typeof RecordingExpiryDto>;
