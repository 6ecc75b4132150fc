import type { RecordingDetailDto } from '@kura/contracts';
import { ErrorAlert } from '@/components/ui/error-alert';
import { Spinner } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useRecordingFlags, useReviewItemForBuilder } from '../api/builder-inputs';
import { PacketBuilder, packetSourceFromRecording } from './packet-builder';

/**
 * The builder on the recording page: the recording's flags, and the decisions of the call's open
 * review item (the review page passes all of the item's decisions itself).
 */
export function RecordingPacketBuilder({ recording, onCancel }: { recording: RecordingDetailDto; onCancel: () => void }) {
  const { t } = useI18n();
  const flags = useRecordingFlags(recording.id);
  const item = useReviewItemForBuilder(recording.openReviewItemId);

  if (flags.isPending || (recording.openReviewItemId !== null && item.isPending)) return <Spinner label={t.common.loading} />;
  if (flags.isError) {
    return <ErrorAlert title={t.packets.builder.loadError} error={flags.error} onRetry={() => void flags.refetch()} />;
  }
  return (
    <PacketBuilder
      source={packetSourceFromRecording(recording)}
      flags={flags.data.items}
      decisions={item.data?.decisions ?? []}
      onCancel={onCancel}
    />
  );
}
