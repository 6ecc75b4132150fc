import { randomUUID } from 'node:crypto';
import { PRIVACY_POLICY_VERSION, type CreatePacketBody, type PacketDetailDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { badRequest, conflict, notFound } from '../../lib/errors.ts';
import { enqueueJob } from '../../repositories/db/jobs-repo.ts';
import {
  decisionById,
  flagsByIds,
  insertClips,
  insertPacket,
  minorInvolvementNoted,
  recordingForPacket,
} from '../../repositories/db/packets-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { loadPacketDetail } from './packet-dto.ts';
import { recomputeRetention } from '../retention/recompute.ts';

/** Each clip is cut by its own job; a clip that still fails after this many tries fails its packet. */
export const CLIP_CUT_MAX_ATTEMPTS = 3;

type Issue = { path: string; message: string };

/**
 * A packet for the agency of the call's creator: its recipient is fixed here, from the creator's
 * agency as it is now, and no field can name another. The clips are cut afterwards, one job
 * each; the packet, its clips, the jobs and the audit event commit together or not at all.
 */
export async function createPacket(
  ctx: AppContext,
  staff: StaffPrincipal,
  body: CreatePacketBody,
  requestId: string,
): Promise<PacketDetailDto> {
  const rec = await recordingForPacket(ctx.db, body.recordingId);
  if (!rec || rec.state === 'uploading') throw notFound('recording');
  if (rec.state === 'processing')
    throw conflict('recording_not_ready', 'the recording is still being processed; make the packet once it plays');
  const durationMs = rec.duration_ms;
  if (rec.state !== 'ready' || durationMs === null) {
    throw conflict('recording_unplayable', 'clips cannot be cut from a recording that does not play');
  }

  const issues: Issue[] = [];
  body.clips.forEach((c, i) => {
    if (c.endMs > durationMs)
      issues.push({ path: `clips.${i}.endMs`, message: `the clip must lie within the recording (${durationMs} ms)` });
  });
  const flagIds = [...new Set(body.flagIds)];
  const flags = new Map((await flagsByIds(ctx.db, flagIds)).map((f) => [f.id, f]));
  flagIds.forEach((id, i) => {
    const f = flags.get(id);
    if (!f || f.recording_id !== rec.id) issues.push({ path: `flagIds.${i}`, message: 'not a flag on this recording' });
    else if (f.retracted_at) issues.push({ path: `flagIds.${i}`, message: 'this flag was retracted' });
  });
  const decisionId = body.decisionId ?? null;
  if (decisionId) {
    const d = await decisionById(ctx.db, decisionId);
    if (!d || d.call_id !== rec.call_id) issues.push({ path: 'decisionId', message: "not a decision on this recording's call" });
    else if (d.reopened_at) issues.push({ path: 'decisionId', message: 'this decision was reopened; cite the one that replaced it' });
  }
  if (issues.length > 0) throw badRequest('validation_failed', 'invalid packet', issues);

  const involvesMinor = rec.is_minor || (await minorInvolvementNoted(ctx.db, rec.id, rec.call_id));
  const clips = body.clips.map((c, i) => ({ id: randomUUID(), position: i + 1, startMs: c.startMs, endMs: c.endMs }));
  const now = ctx.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const packetId = await insertPacket(tx, {
      recordingId: rec.id,
      callId: rec.call_id,
      agencyId: rec.agency_id,
      creatorId: rec.creator_id,
      userId: rec.user_id,
      title: body.title,
      summary: body.summary,
      flagIds,
      decisionId,
      involvesMinor,
      authorId: staff.userId,
      createdAt: now,
      privacyPolicyVersion: PRIVACY_POLICY_VERSION,
    });
    await insertClips(tx, packetId, clips, now);
    await recomputeRetention(tx, [rec.id], now);
    for (const c of clips) {
      await enqueueJob(tx, 'packet.cut_clip', { clipId: c.id }, { dedupeKey: c.id, maxAttempts: CLIP_CUT_MAX_ATTEMPTS });
    }
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      {
        action: 'packet.created',
        subject: { type: 'packet', id: packetId },
        details: {
          recordingId: rec.id,
          agencyRef: rec.agency_ref,
          clips: clips.map((c) => ({ startMs: c.startMs, endMs: c.endMs })),
          flagIds,
          decisionId,
        },
      },
      now,
    );
    return packetId;
  });
  return (await loadPacketDetail(ctx.db, id, ctx.now()))!;
}
