import { z } from 'zod';

// Retention (DESIGN.md "Retention"): the periods admins may change, the job's schedule and switch.

export const DEFAULT_RETENTION_SETTINGS = {
  unflaggedDays: 30,
  flaggedDays: 180,
  withdrawnDays: 7,
  packetClipDays: 365,
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
export type RetentionSettingsDto = z.infer<typeof RetentionSettings>;

export const UpdateRetentionSettingsBody = RetentionSettings.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' });
export type UpdateRetentionSettingsBody = z.infer<typeof UpdateRetentionSettingsBody>;

export type RetentionReason = 'unflagged' | 'flagged' | 'withdrawn' | 'deletion_request';
export type HeldBackReason = 'hold' | 'open_review' | 'live_packet';
