import type { AppContext } from '../../context.ts';
import { AppError } from '../../lib/errors.ts';
import { clipOfPacket } from '../../repositories/db/share-packet-repo.ts';
import { recordAuditOrRefuse } from '../audit/audit-log.ts';
import { expiredError, storedObjectOf } from '../objects/encrypted-objects.ts';
import { readPlaintextRange, type RangedRead } from '../objects/ranged-read.ts';
import { agencyActor, shareNotFound, type ShareAccess } from './agency-gate.ts';

export interface SharedClipRead {
  media: RangedRead;
  /** For a download: the file name to offer. */
  filename: string | null;
}

const EXTENSIONS: Record<string, string> = {
  'video/mp4': 'mp4',
  'audio/mp4': 'm4a',
  'video/webm': 'webm',
  'audio/webm': 'weba',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
};

/**
 * Bytes of one clip of the link's packet. The route has already re-checked the link and session
 * for this very request, so a revoked link stops a playback at its next Range request. The read
 * is audited with its exact range before a byte is opened, on the source recording (so the
 * recording's access history shows it) with the packet named. A download is the whole clip.
 */
export async function readSharedClip(
  ctx: AppContext,
  access: ShareAccess,
  clipId: string,
  opts: { rangeHeader: string | undefined; download: boolean; headOnly: boolean; requestId: string; signal?: AbortSignal },
): Promise<SharedClipRead> {
  const { link } = access;
  const clip = await clipOfPacket(ctx.db, link.packet_id, clipId);
  if (!clip) throw shareNotFound();
  // Only now, with a live link and session proved and the clip one of this very packet's, may the
  // caller learn more than "not found": that it is gone, as staff are told (410). A clip of any
  // other packet, or any link state that is not valid, stays the outsider's uniform 404.
  if (clip.state === 'expired' || clip.expiry_stage !== null) throw expiredError();
  if (clip.state !== 'ready' || clip.object_key === null || clip.wrapped_dek === null || clip.kek_id === null) throw shareNotFound();
  if (clip.krv1_header === null || clip.segment_log2 === null || clip.plaintext_bytes === null || clip.content_type === null) {
    throw shareNotFound();
  }
  if (opts.download && !link.allow_download) throw new AppError(403, 'download_not_allowed', 'this link does not allow downloads');
  const contentType = clip.content_type;
  const object = storedObjectOf({
    id: clip.id,
    object_key: clip.object_key,
    wrapped_dek: clip.wrapped_dek,
    kek_id: clip.kek_id,
    krv1_header: clip.krv1_header,
    segment_log2: clip.segment_log2,
    plaintext_bytes: clip.plaintext_bytes,
  });
  const auditCtx = { actor: agencyActor(link.id), requestId: opts.requestId };
  const subject = { type: 'recording' as const, id: link.recording_id };
  // A download is the file, whole: resumed downloads simply start again.
  const media = await readPlaintextRange(ctx, object, contentType, opts.download ? undefined : opts.rangeHeader, {
    what: 'clip',
    headOnly: opts.headOnly,
    signal: opts.signal,
    audit: ({ start, end }) =>
      recordAuditOrRefuse(
        ctx.db,
        ctx.logger,
        auditCtx,
        opts.download
          ? {
              action: 'share.downloaded',
              subject,
              details: { packetId: link.packet_id, clipId: clip.id, linkId: link.id, bytes: end - start + 1 },
            }
          : {
              action: 'share.clip_read',
              subject,
              details: { packetId: link.packet_id, clipId: clip.id, linkId: link.id, range: { start, end }, bytes: end - start + 1 },
            },
        ctx.now(),
      ),
  });
  return { media, filename: opts.download ? `${clip.id}.${EXTENSIONS[contentType.split(';')[0]!.trim()] ?? 'bin'}` : null };
}
