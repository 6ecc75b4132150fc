import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { PROCESS_RECORDING_QUEUE } from '../services/ingest/ingest-recording.ts';
import { markUnplayable, processRecording } from '../services/media/process-recording.ts';
import { sweepOrphans } from '../services/objects/sweep-orphans.ts';
import { PermanentJobError, type JobHandler } from './worker.ts';

export const SWEEP_QUEUE = 'objects.sweep';

const RecordingJob = z.object({ recordingId: z.uuid() });

function payloadOf<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const r = schema.safeParse(payload);
  if (!r.success) throw new PermanentJobError(`bad job payload: ${r.error.message}`);
  return r.data;
}

/** Every job Kura runs, checked at start-up: an unknown queue name is a bug, not a silent no-op. */
export const jobHandlers: Record<string, JobHandler> = {
  [PROCESS_RECORDING_QUEUE]: async (ctx: AppContext, payload, job, signal) => {
    const { recordingId } = payloadOf(RecordingJob, payload);
    try {
      await processRecording(ctx, recordingId, signal);
    } catch (err) {
      if (job.attempts >= job.max_attempts) {
        // Out of retries: keep the recording, say why it cannot be played.
        await markUnplayable(ctx, recordingId, `processing failed after ${job.attempts} attempts: ${(err as Error).message}`.slice(0, 500));
      }
      throw err;
    }
  },
  [SWEEP_QUEUE]: async (ctx) => {
    const r = await sweepOrphans(ctx);
    if (r.deleted || r.staleUploads) ctx.logger.info(r, 'swept orphan objects');
  },
};
