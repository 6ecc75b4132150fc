import { z } from 'zod';

/**
 * Every queue Kura has, with the payload its jobs carry. Enqueueing names a queue from here (a
 * typo is a type error), and the worker refuses to start unless each one has a handler.
 */
export const jobQueues = {
  'recording.process': z.object({ recordingId: z.uuid() }),
  'objects.sweep': z.object({}),
  /** Rescore the open review items of a call's user and creator after their history changed. */
  'review.rescore': z.object({ callId: z.uuid() }),
  /** Score open review items that have never been scored (enqueued at every server start). */
  'review.rescore-unscored': z.object({}),
  /** Cut one clip of an evidence packet from its recording into its own KRV1 object. */
  'packet.cut_clip': z.object({ clipId: z.uuid() }),
  /** Sign the audit chain's head and write it outside the database. */
  'audit.checkpoint': z.object({}),
} as const;

export type QueueName = keyof typeof jobQueues;
export type JobPayload<Q extends QueueName> = z.output<(typeof jobQueues)[Q]>;

export const queueNames = Object.keys(jobQueues) as QueueName[];
