import { z } from 'zod';

// Signed checkpoints of the audit chain's head, kept outside the database (S3 under
// `audit-checkpoints/`, and the log). Anyone with the published signing keys can check one.

export const AUDIT_CHECKPOINT_TYPE = 'kura.audit-checkpoint/v1';

const isoTime = z.iso.datetime({ offset: false });

/** What Kura signs: the chain's newest event as it stood at `at`. */
export const AuditCheckpointPayload = z
  .object({
    type: z.literal(AUDIT_CHECKPOINT_TYPE),
    /** seq of the newest event in the chain. */
    seq: z.number().int().positive(),
    /** That event's hash (hex SHA-256), which covers every event before it. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    /** That event's occurred_at. */
    occurredAt: isoTime,
    /** When the checkpoint was made. */
    at: isoTime,
  })
  .strict();
export type AuditCheckpointPayload = z.infer<typeof AuditCheckpointPayload>;

/** How a checkpoint stands against the chain in the database now. */
export const CheckpointStanding = z.enum([
  /** The signature holds and the row at `seq` has the signed hash. */
  'extends',
  /** The chain ends before `seq`: its newest events were cut off. */
  'truncated',
  /** The row at `seq` has another hash: the chain was rewritten. */
  'rewritten',
  /** The object is not a checkpoint signed by a published Kura key. */
  'bad_signature',
]);
export type CheckpointStanding = z.infer<typeof CheckpointStanding>;

/** The fields are null only where a checkpoint that fails its signature check lacks them. */
export const AuditCheckpointDto = z
  .object({
    /** The object's key in the bucket. */
    key: z.string(),
    seq: z.number().nullable(),
    hash: z.string().nullable(),
    occurredAt: z.string().nullable(),
    at: z.string().nullable(),
    /** The key that signed it; null unless the signature holds. */
    keyId: z.string().nullable(),
    standing: CheckpointStanding,
  })
  .meta({ id: 'AuditCheckpointDto' });
export type AuditCheckpointDto = z.infer<typeof AuditCheckpointDto>;

/** GET /api/audit/checkpoints/latest: null before the first checkpoint. */
export const LatestCheckpointResponse = z
  .object({
    checkpoint: AuditCheckpointDto.nullable(),
    /** Minutes between scheduled checkpoints; null when the schedule is off. */
    everyMinutes: z.number().nullable(),
  })
  .meta({ id: 'LatestCheckpointResponse' });
export type LatestCheckpointResponse = z.infer<typeof LatestCheckpointResponse>;
