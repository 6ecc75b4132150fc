import { useRef } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeading } from '@/components/ui/page-heading';
import { RoleRequired } from '@/components/ui/role-required';
import { Spinner } from '@/components/ui/spinner';
import { AccessLogTable } from '@/features/access/components/access-log-table';
import { seekMedia } from '@/features/access/components/media-player';
import { PlaybackPanel } from '@/features/access/components/playback-panel';
import { useLiveGrant } from '@/features/access/hooks/use-live-grant';
import { useUser } from '@/features/auth/api/get-session';
import { RecordingPacketsPanel } from '@/features/packets/components/recording-packets-panel';
import { useRecording } from '@/features/recordings/api/get-recording';
import { RecordingMetadata } from '@/features/recordings/components/recording-metadata';
import { ReportsList } from '@/features/recordings/components/reports-list';
import { StateBadge } from '@/features/recordings/components/state-badge';
import { TombstonePanel } from '@/features/recordings/components/tombstone-panel';
import { isApiError } from '@/lib/api-client';
import { canSeeRecordings, canViewMedia, canWorkPackets, homePath, RECORDING_ROLES } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function RecordingPage({ id }: { id: string }) {
  const { t } = useI18n();
  const user = useUser();
  const recording = useRecording(id);
  const liveGrant = useLiveGrant(recording.data?.activeGrant);
  // The player lives in the access feature and the reports in the recordings feature; the page joins them.
  const mediaRef = useRef<HTMLMediaElement | null>(null);

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
        <PageHeading>{t.detail.heading}</PageHeading>
        <ErrorAlert
          title={notFound ? t.detail.notFound : t.detail.loadError}
          error={recording.error}
          forbidden={{ what: t.access.what.recording, roles: RECORDING_ROLES }}
          onRetry={notFound ? undefined : () => void recording.refetch()}
        />
      </div>
    );
  }

  const r = recording.data;
  const playing = liveGrant.live && r.state === 'ready' && canViewMedia(user);
  return (
    <div className="page">
      <title>{`${t.detail.title(r.callRef)} · ${t.common.appName}`}</title>
      {back}
      <div className="page__head">
        <PageHeading>{t.detail.title(r.callRef)}</PageHeading>
        <StateBadge state={r.state} />
      </div>
      <div className="detail-grid">
        <div className="detail-grid__main">
          {r.expiry ? (
            <TombstonePanel expiry={r.expiry} />
          ) : (
            <PlaybackPanel recording={r} user={user} liveGrant={liveGrant} mediaRef={mediaRef} />
          )}
          {canWorkPackets(user) && <RecordingPacketsPanel recording={r} />}
          <AccessLogTable recordingId={r.id} poll={playing} />
        </div>
        <div className="detail-grid__side">
          <RecordingMetadata recording={r} />
          <ReportsList reports={r.reports} onSeek={playing ? (seconds) => seekMedia(mediaRef.current, seconds) : undefined} />
        </div>
      </div>
    </div>
  );
}

export function RecordingRoute() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const user = useUser();
  if (canSeeRecordings(user)) return <RecordingPage id={id} />;
  return (
    <div className="page page--narrow">
      <PageHeading>{t.detail.heading}</PageHeading>
      <RoleRequired what={t.access.what.recording} roles={RECORDING_ROLES} userRoles={user?.roles ?? []} home={homePath(user)} />
    </div>
  );
}
