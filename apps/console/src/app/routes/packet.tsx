import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorAlert } from '@/components/ui/error-alert';
import { PageHeading } from '@/components/ui/page-heading';
import { Spinner } from '@/components/ui/spinner';
import { PurposeDialog } from '@/features/access/components/purpose-dialog';
import { useLiveGrant } from '@/features/access/hooks/use-live-grant';
import { useUser } from '@/features/auth/api/get-session';
import { usePacket } from '@/features/packets/api/get-packet';
import { CustodyTrail } from '@/features/packets/components/custody-trail';
import { PacketView } from '@/features/packets/components/packet-view';
import { getRecordingQueryOptions } from '@/features/recordings/api/get-recording';
import { isApiError } from '@/lib/api-client';
import { canReadCustody, canViewMedia, canWorkPackets } from '@/lib/authorization';
import { useI18n } from '@/lib/i18n';

function PacketDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const d = t.packets.detail;
  const user = useUser();
  const packet = usePacket(id);
  const mediaRole = canViewMedia(user);
  // Previewing a clip is reading the recording: it needs a live grant on the source (rule 1).
  const recordingId = packet.data?.recordingId ?? null;
  const recording = useQuery({ ...getRecordingQueryOptions(recordingId ?? ''), enabled: recordingId !== null && mediaRole });
  const liveGrant = useLiveGrant(recording.data?.activeGrant);
  const [declaring, setDeclaring] = useState(false);

  if (packet.isPending) return <Spinner label={t.common.loading} />;
  if (packet.isError) {
    const notFound = isApiError(packet.error) && packet.error.status === 404;
    return (
      <>
        <PageHeading>{d.heading}</PageHeading>
        <ErrorAlert
          title={notFound ? d.notFound : d.loadError}
          error={packet.error}
          onRetry={notFound ? undefined : () => void packet.refetch()}
        />
      </>
    );
  }

  return (
    <>
      <title>{`${packet.data.title} · ${t.common.appName}`}</title>
      <PacketView
        packet={packet.data}
        user={user}
        renderHeading={(title) => <PageHeading>{title}</PageHeading>}
        access={{
          canView: mediaRole,
          live: liveGrant.live,
          expired: liveGrant.expired,
          minutesLeft: liveGrant.minutesLeft,
          grantId: liveGrant.grant?.id ?? null,
          onDeclarePurpose: () => setDeclaring(true),
        }}
      />
      {declaring && (
        <PurposeDialog recordingId={packet.data.recordingId} reports={recording.data?.reports ?? []} onClose={() => setDeclaring(false)} />
      )}
    </>
  );
}

/** One evidence packet; auditors see its chain of custody only. */
export function PacketRoute() {
  const { t } = useI18n();
  const user = useUser();
  const { id = '' } = useParams();
  const d = t.packets.detail;

  let body;
  if (canWorkPackets(user)) {
    body = <PacketDetail key={id} id={id} />;
  } else if (canReadCustody(user)) {
    body = (
      <>
        <title>{`${d.heading} · ${t.common.appName}`}</title>
        <PageHeading>{d.heading}</PageHeading>
        <p className="notice notice--neutral banner">{d.auditorOnly}</p>
        <CustodyTrail packetId={id} packet={null} />
      </>
    );
  } else {
    body = (
      <>
        <PageHeading>{d.heading}</PageHeading>
        <p className="notice notice--warning">{t.packets.list.notAllowed}</p>
      </>
    );
  }

  return (
    <div className="page">
      {canWorkPackets(user) && (
        <Link to="/packets" className="back-link">
          ← {d.back}
        </Link>
      )}
      {body}
    </div>
  );
}
