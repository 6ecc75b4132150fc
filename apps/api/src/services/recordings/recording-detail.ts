import type { ConductCategory, RecordingDetailDto } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findAsset } from '../../repositories/db/assets-repo.ts';
import { tombstonesOfRecording } from '../../repositories/db/expiry-repo.ts';
import { findLiveGrant } from '../../repositories/db/grants-repo.ts';
import { holdsForRecording } from '../../repositories/db/holds-repo.ts';
import { findVisibleRecording } from '../../repositories/db/recording-queries.ts';
import { reportsForCall } from '../../repositories/db/reports-repo.ts';
import { grantDto } from '../access/grants.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import { holdDto } from '../holds/hold-dto.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { summaryDto } from './list-recordings.ts';

/** Metadata only: no content byte leaves here, so no grant is needed, but the look is logged. */
export async function recordingDetail(ctx: AppContext, staff: StaffPrincipal, id: string, requestId: string): Promise<RecordingDetailDto> {
  const r = await findVisibleRecording(ctx.db, id);
  if (!r) throw notFound('recording');
  const [reports, strip, grant, holds, tombstones] = await Promise.all([
    reportsForCall(ctx.db, r.call_id),
    findAsset(ctx.db, id, 'thumbnail_strip'),
    findLiveGrant(ctx.db, staff.userId, id, ctx.now()),
    holdsForRecording(ctx.db, id),
    tombstonesOfRecording(ctx.db, id),
  ]);
  const expired = r.state === 'expired';
  const own = tombstones.find((t) => t.kind === 'recording');
  await recordAuditOrRefuse(
    ctx.db,
    ctx.logger,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'recording.viewed',
      subject: { type: 'recording', id },
      details: {},
    },
    ctx.now(),
  );
  return {
    ...summaryDto(r),
    bytes: r.plaintext_bytes,
    sha256: r.sha256,
    container: r.container,
    videoCodec: r.video_codec,
    audioCodec: r.audio_codec,
    width: r.width,
    height: r.height,
    unplayableReason: r.unplayable_reason,
    mediaUrl: `/api/recordings/${id}/media`,
    thumbnails:
      strip && !expired
        ? {
            url: `/api/recordings/${id}/thumbnails`,
            frameCount: strip.frame_count,
            frameWidth: strip.frame_width,
            frameHeight: strip.frame_height,
            intervalMs: strip.interval_ms,
          }
        : null,
    reports: reports.map((rp) => ({
      id: rp.id,
      reporter: rp.reporter,
      category: rp.category as ConductCategory,
      note: rp.note,
      atSeconds: rp.at_seconds,
      createdAt: rp.created_at.toISOString(),
    })),
    activeGrant: grant ? grantDto(grant) : null,
    openReviewItemId: r.open_review_item_id ?? null,
    minor: r.is_minor,
    holds: holds.map(holdDto),
    policies: {
      privacyPolicyVersion: r.privacy_policy_version,
      retentionPolicyVersion: r.policy_version,
      retainUntil: r.retain_until?.toISOString() ?? null,
      retentionReason: r.retention_reason,
    },
    expiry:
      expired && own
        ? {
            expiredAt: own.expired_at.toISOString(),
            reason: own.reason,
            runId: own.run_id,
            tombstones: tombstones.map((t) => ({
              objectId: t.object_id,
              kind: t.kind,
              packetId: t.packet_id,
              plaintextBytes: t.plaintext_bytes === null ? null : Number(t.plaintext_bytes),
              storedBytes: t.stored_bytes === null ? null : Number(t.stored_bytes),
              sha256: t.sha256,
              reason: t.reason,
              expiredAt: t.expired_at.toISOString(),
              runId: t.run_id,
            })),
          }
        : null,
  };
}
