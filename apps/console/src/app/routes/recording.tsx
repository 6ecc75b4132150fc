import { Link, useParams } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { AccessLogTable } from '@/features/access/components/access-log-table';
import { PlaybackPanel } from '@/features/access/components/playback-panel';
import { useLiveGrant } from '@/features/access/hooks/use-live-grant';
import { useUser } from '@/features/auth/api/get-session';
import { RecordingPacketsPanel } from '@/features/packets/components/recording-packets-panel';
import { useRecording } from '@/features/recordings/api/get-recording';
import { RecordingMetadata } from '@/features/recordings/components/recording-metadata';
import { ReportsList } from '@/features/recordings/components/reports-list';
import { StateBadge } from '@/features/recordings/components/state-badge';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import { canWorkPackets } from '@/lib/packet-authorization';

export function RecordingRoute() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const user = useUser();
  const recording = useRecording(id);
  const liveGrant = useLiveGrant(recording.data?.activeGrant);

  const back = (
    <Link to="/recordings" className="back-link">
      ← {t.detail.back}
    </Link>
  );

  if (recording.isPending) {
    return (
      <div className="page">
        {back}
        <Spinner label={t.common.loading} />
      </div>
    );
  }
  if (recording.isError) {
    const notFound = isApiError(recording.error) && recording.error.status === 404;
    return (
      <div className="page">
        {back}
        <ErrorAlert
          title={notFound ? t.detail.notFound : t.detail.loadError}
          error={recording.error}
          onRetry={notFound ? undefined : () => void recording.refetch()}
        />
      </div>
    );
  }

  const r = recording.data;
  const playing = liveGrant.live && r.state === 'ready';
  return (
    <div className="page">
      <title>{`${t.detail.title(r.callRef)} · ${t.common.appName}`}</title>
      {back}
      <div className="page__head">
        <h1 className="page__title">{t.detail.title(r.callRef)}</h1>
        <StateBadge state={r.state} />
      </div>
      <div className="detail-grid">
        <div className="detail-grid__main">
          <PlaybackPanel recording={r} user={user} liveGrant={liveGrant} />
          {canWorkPackets(user) && <RecordingPacketsPanel recording={r} />}
          <AccessLogTable recordingId={r.id} poll={playing} />
        </div>
        <div className="detail-grid__side">
          <RecordingMetadata recording={r} />
          <ReportsList reports={r.reports} />
        </div>
      </div>
    </div>
  );
}
