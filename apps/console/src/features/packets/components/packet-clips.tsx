import type { PacketClipDto, PacketDetailDto } from '@kura/contracts';
import { useState } from 'react';
import { formatBytes, formatDuration, shortenHash } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { isCutting } from '../api/get-packet';
import { ClipStateBadge } from './badges';
import { formatClipTime } from './clip-time';

/** Whether the staff member may play clips now: the source recording's grant, as the page knows it. */
export interface PreviewAccess {
  /** The role may hold a grant at all (moderator, lead). */
  canView: boolean;
  live: boolean;
  expired: boolean;
  minutesLeft: number;
  /** Re-mount players when the grant changes, so a refused request is not kept. */
  grantId: string | null;
  onDeclarePurpose: () => void;
}

function ClipPreview({ clip, grantId, minor }: { clip: PacketClipDto; grantId: string | null; minor: boolean }) {
  const { t } = useI18n();
  if (!clip.mediaUrl) return null;
  const common = {
    src: clip.mediaUrl,
    controls: true,
    preload: 'metadata',
    controlsList: 'nodownload',
    'aria-label': t.packets.clips.player(clip.position),
    className: 'player',
  } as const;
  return (
    <div className="clip-preview">
      {clip.contentType?.startsWith('audio/') ? (
        <audio key={grantId} {...common} />
      ) : (
        // A minor is never shown unblurred, whoever previews the clip.
        <video
          key={grantId}
          {...common}
          disablePictureInPicture
          data-blurred={minor || undefined}
          style={minor ? { filter: 'blur(28px)' } : undefined}
        />
      )}
    </div>
  );
}

function ClipProgress({ clip }: { clip: PacketClipDto }) {
  const { t } = useI18n();
  const percent = Math.max(0, Math.min(100, Math.round(clip.progress)));
  return (
    <span className="clip-progress">
      <ClipStateBadge state={clip.state} />
      {clip.state === 'cutting' && (
        <>
          <progress max={100} value={percent} aria-label={t.packets.clips.progressLabel(clip.position)} />
          <span className="mono">{t.packets.clips.progress(percent)}</span>
        </>
      )}
    </span>
  );
}

/** The packet's clips: cutting progress (the page polls meanwhile), failures, and a staff preview. */
export function PacketClips({ packet, access }: { packet: PacketDetailDto; access: PreviewAccess }) {
  const { t } = useI18n();
  const c = t.packets.clips;
  const [open, setOpen] = useState<string | null>(null);
  const none = t.common.none;
  const canPlay = access.canView && access.live;

  return (
    <section className="panel" aria-labelledby="packet-clips-heading">
      <h2 id="packet-clips-heading" className="panel__title">
        {c.title} <span className="count">{packet.clips.length}</span>
      </h2>
      {isCutting(packet) && (
        <p role="status" className="notice notice--info">
          {c.cuttingNote}
        </p>
      )}
      {!access.canView ? (
        <p className="notice notice--neutral">{c.roleCannotPreview}</p>
      ) : canPlay ? (
        <div className="grant-banner">
          <span>{c.grantActive(access.minutesLeft)}</span>
        </div>
      ) : (
        <div className="notice notice--purpose">
          {access.expired && (
            <p role="status" className="notice__expired">
              {t.playback.expired}
            </p>
          )}
          <p>{c.previewNeedsGrant}</p>
          <button type="button" className="button button--primary" onClick={access.onDeclarePurpose}>
            {c.declare}
          </button>
        </div>
      )}
      <div className="table-wrap">
        <table className="table" aria-labelledby="packet-clips-heading">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{c.range}</th>
              <th scope="col">{c.state}</th>
              <th scope="col">{c.duration}</th>
              <th scope="col">{c.size}</th>
              <th scope="col">{c.sha256}</th>
              <th scope="col">
                <span className="sr-only">{c.previewTitle}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {packet.clips.map((clip) => (
              <tr key={clip.id}>
                <td className="num">{clip.position}</td>
                <td className="mono nowrap">
                  {formatClipTime(clip.startMs)}–{formatClipTime(clip.endMs)}
                </td>
                <td>
                  <ClipProgress clip={clip} />
                  {clip.failureReason && <p className="clip-failure">{c.failureReason(clip.failureReason)}</p>}
                </td>
                <td className="num">{formatDuration(clip.durationMs)}</td>
                <td className="num">{formatBytes(clip.bytes)}</td>
                <td>
                  {clip.sha256 ? (
                    <code className="hash" title={clip.sha256}>
                      {shortenHash(clip.sha256)}
                    </code>
                  ) : (
                    none
                  )}
                </td>
                <td>
                  {canPlay && clip.state === 'ready' && clip.mediaUrl && (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-expanded={open === clip.id}
                      onClick={() => setOpen(open === clip.id ? null : clip.id)}
                    >
                      {open === clip.id ? c.hidePreview : c.preview(clip.position)}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canPlay &&
        packet.clips
          .filter((clip) => clip.id === open && clip.state === 'ready')
          .map((clip) => <ClipPreview key={clip.id} clip={clip} grantId={access.grantId} minor={packet.involvesMinor} />)}
    </section>
  );
}
