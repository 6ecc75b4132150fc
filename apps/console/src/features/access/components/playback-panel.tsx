import type { RecordingDetailDto, StaffUserDto } from '@kura/contracts';
import { useState } from 'react';
import { canViewMedia } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';
import type { LiveGrant } from '../hooks/use-live-grant';
import { MediaPlayer } from './media-player';
import { PurposeDialog } from './purpose-dialog';

interface PlaybackPanelProps {
  recording: RecordingDetailDto;
  user: StaffUserDto | null;
  liveGrant: LiveGrant;
}

/** Purpose before content: the player exists only while the caller holds a live grant. */
export function PlaybackPanel({ recording, user, liveGrant }: PlaybackPanelProps) {
  const { t } = useI18n();
  const [dialogOpen, setDialogOpen] = useState(false);
  const { grant, live, expired, minutesLeft } = liveGrant;

  let body;
  if (recording.state === 'processing') {
    body = <p className="notice notice--info">{t.playback.processing}</p>;
  } else if (recording.state === 'unplayable') {
    body = (
      <div className="notice notice--warning">
        <p>{t.playback.unplayable}</p>
        {recording.unplayableReason && <p>{t.playback.unplayableReason(recording.unplayableReason)}</p>}
      </div>
    );
  } else if (!canViewMedia(user)) {
    body = <p className="notice notice--neutral">{t.playback.roleCannotView}</p>;
  } else if (live && grant) {
    body = (
      <>
        <div className="grant-banner">
          <span>{t.playback.grantActive(t.purposes[grant.purpose], grant.reference)}</span>
          <span className="badge badge--timer">{t.playback.remaining(minutesLeft)}</span>
        </div>
        <MediaPlayer recording={recording} grantId={grant.id} />
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
      {dialogOpen && <PurposeDialog recordingId={recording.id} onClose={() => setDialogOpen(false)} />}
    </section>
  );
}
