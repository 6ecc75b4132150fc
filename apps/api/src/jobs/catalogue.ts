import type { AppContext } from '../context.ts';
import { markProcessingFailed, processRecording } from '../services/media/process-recording.ts';
import { sweepOrphans } from '../services/objects/sweep-orphans.ts';
import { cutPacketClip, failPacketClip } from '../services/packets/cut-clip.ts';
import { rescoreAccountsOfCall, rescoreUnscored } from '../services/review/rescore.ts';
import { writeCheckpoint } from '../services/audit/write-checkpoint.ts';
import type { JobHandlers } from './worker.ts';

/** A handler for every queue in lib/job-queues.ts: a missing one is a type error here. */
export const jobHandlers: JobHandlers = {
  'recording.process': async (ctx: AppContext, { recordingId }, job, signal) => {
    try {
      await processRecording(ctx, recordingId, signal);
    } catch (err) {
      if (job.attempts >= job.max_attempts) {
        // Out of retries: keep the recording, say why it cannot be played.
        await markProcessingFailed(ctx, recordingId, job.attempts, err);
      }
      throw err;
    }
  },
  'objects.sweep': async (ctx) => {
    const r = await sweepOrphans(ctx);
    if (r.deleted || r.staleUploads || r.multipartAborted) ctx.logger.info(r, 'swept orphan objects');
  },
  'review.rescore': async (ctx, { callId }) => {
    await rescoreAccountsOfCall(ctx, callId);
  },
  'review.rescore-unscored': async (ctx) => {
    const n = await rescoreUnscored(ctx);
    if (n) ctx.logger.info({ items: n }, 'scored open review items');
  },
  'packet.cut_clip': async (ctx, { clipId }, job, signal) => {
    try {
      await cutPacketClip(ctx, clipId, signal);
    } catch (err) {
      // Out of retries: the clip and its packet fail, saying why.
      if (job.attempts >= job.max_attempts) await failPacketClip(ctx, clipId, job.attempts, err);
      throw err;
    }
  },
  // A refusal (the chain no longer extends the last checkpoint) is logged as an error by the
  // service; retrying would not change it, so the job ends there.
  'audit.checkpoint': async (ctx) => {
    await writeCheckpoint(ctx, 'schedule');
  },
};
