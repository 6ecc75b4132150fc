import { z } from 'zod';

/**
 * Every queue Kura has, with the payload its jobs carry. Enqueueing names a queue from here (a
 * typo is a type error), and the worker refuses to start unless each one has a handler.
 */
export const jobQueues = {
  'recording.process': z.object({ recordingId: z.uuid() }),
  'objects.sweep': z.object({}),
  'audit.checkpoint': z.object({}),
} as const;

export type QueueName = keyof typeof jobQueues;
export type JobPayload<Q extends QueueName> = z.output<(typeof jobQueues)[Q]>;

export const queueNames = Object.keys(jobQueues) as QueueName[];
