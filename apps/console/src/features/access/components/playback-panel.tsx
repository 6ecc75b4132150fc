import type { RecordingDetailDto, StaffUserDto } from '@kura/contracts';
import { useState, type RefObject } from 'react';
import { canViewMedia, MEDIA_ROLES } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';
import { parseUnplayableReason } from '@/lib/media-labels';
import type { LiveGrant } from '../hooks/use-live-grant';
import { MediaPlayer } from './media-player';
import { PurposeDialog } from './purpose-dialog';

interface PlaybackPanelProps {
  recording: RecordingDetailDto;
  user: StaffUserDto | null;
  liveGrant: LiveGrant;
  /** The page's handle on the media element, for seeking from elsewhere on the page. */
  mediaRef?: RefObject<HTMLMediaElement | null>;
}

/** Why a recording cannot be played, in words; ffmpeg's own text only as a detail to open. */
function UnplayableNotice({ reason }: { reason: string | null }) {
  const { t } = useI18n();
  const { code, detail } = parseUnplayableReason(reason);
  return (
    <div className="notice notice--warning">
      <p className="notice__title">{t.playback.unplayable}</p>
      {(code || detail) && <p>{code ? t.playback.unplayableReasons[code] : t.playback.unplayableUnknown}</p>}
      {detail && (
        <details className="tech-detail">
          <summary>{t.playback.technicalDetail}</summary>
          <code lang="en">{detail}</code>
        </details>
      )}
    </div>
  );
}

/** Purpose before content: the player exists only while the caller holds a live grant. */
export function PlaybackPanel({ recording, user, liveGrant, mediaRef }: PlaybackPanelProps) {
  const { t } = useI18n();
  const [dialogOpen, setDialogOpen] = useState(false);
  // Set when a purpose was just declared here: the player that appears takes focus.
  const [justGranted, setJustGranted] = useState(false);
  const { grant, live, expired, minutesLeft } = liveGrant;

  let body;
  if (recording.state === 'processing') {
    body = <p className="notice notice--info">{t.playback.processing}</p>;
  } else if (recording.state === 'unplayable') {
    body = <UnplayableNotice reason={recording.unplayableReason} />;
  } else if (!canViewMedia(user)) {
    body = (
      <div className="notice notice--neutral">
        <p>
          {t.access.needsRole(
            t.access.what.media,
            MEDIA_ROLES.map((role) => t.roles[role]),
          )}
        </p>
        <p>{t.playback.metadataOnly}</p>
      </div>
    );
  } else if (live && grant) {
    body = (
      <>
        <div className="grant-banner">
          <span>{t.playback.grantActive(t.purposes[grant.purpose], grant.reference)}</span>
          <span className="badge badge--timer">{t.playback.remaining(minutesLeft)}</span>
        </div>
        <MediaPlayer recording={recording} grantId={grant.id} mediaRef={mediaRef} autoFocus={justGranted} />
      </>
    );
  } else {
    body = (
      <div className="notice notice--purpose">
        {expired && (
          <p role="status" className="notice__expired">
            {t.playback.expired}
          </p>
        )}
        <p>{t.playback.purposeRequired}</p>
        <button type="button" className="button button--primary" onClick={() => setDialogOpen(true)}>
          {t.playback.declare}
        </button>
      </div>
    );
  }

  return (
    <section className="panel panel--playback" aria-labelledby="playback-heading">
      <h2 id="playback-heading" className="panel__title">
        {t.playback.title}
      </h2>
      {body}
      {dialogOpen && (
        <PurposeDialog
          recordingId={recording.id}
          reports={recording.reports}
          onGranted={() => setJustGranted(true)}
          onClose={() => setDialogOpen(false)}
        />
      )}
    </section>
  );
}
