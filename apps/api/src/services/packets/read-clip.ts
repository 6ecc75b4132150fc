import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { getClip, getPacket } from '../../repositories/db/packets-repo.ts';
import { requireLiveGrant } from '../access/grants.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { expiredError } from '../objects/encrypted-objects.ts';
import { readPlaintextRange, type RangedRead } from '../objects/ranged-read.ts';

/**
 * A clip's bytes for staff (preview before approval): a clip is content of its recording, so it
 * needs a live grant on that recording, and the read (purpose, reference, range) goes on the
 * record, against the recording and naming the packet, before a byte is served.
 */
export async function readPacketClip(
  ctx: AppContext,
  staff: StaffPrincipal,
  packetId: string,
  clipId: string,
  rangeHeader: string | undefined,
  requestId: string,
  signal?: AbortSignal,
  headOnly = false,
): Promise<RangedRead> {
  const [packet, clip] = await Promise.all([getPacket(ctx.db, packetId), getClip(ctx.db, packetId, clipId)]);
  if (!packet || !clip) throw notFound('clip');
  if (clip.state === 'expired' || clip.expiry_stage !== null) throw expiredError();
  if (clip.state !== 'ready') throw notFound('clip');
  const { object_key, wrapped_dek, kek_id, krv1_header, segment_log2, plaintext_bytes, content_type } = clip;
  if (!object_key || !wrapped_dek || !kek_id || !krv1_header || segment_log2 === null || plaintext_bytes === null || !content_type) {
    throw notFound('clip');
  }
  const grant = await requireLiveGrant(ctx, staff, packet.recording_id);
  const obj = {
    id: clip.id,
    objectKey: object_key,
    wrappedDek: wrapped_dek,
    kekId: kek_id,
    header: krv1_header,
    segmentLog2: segment_log2,
    plaintextBytes: plaintext_bytes,
  };
  return readPlaintextRange(ctx, obj, content_type, rangeHeader, {
    what: 'clip',
    signal,
    headOnly,
    audit: ({ start, end }) =>
      recordAuditOrRefuse(
        ctx.db,
        ctx.logger,
        { actor: { type: 'staff', id: staff.userId }, requestId },
        {
          action: 'packet.clip_read',
          subject: { type: 'recording', id: packet.recording_id },
          purpose: grant.purpose,
          details: { packetId, clipId, grantId: grant.id, reference: grant.reference, range: { start, end }, bytes: end - start + 1 },
        },
        ctx.now(),
      ),
  });
}
