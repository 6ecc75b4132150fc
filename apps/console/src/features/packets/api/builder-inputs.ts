import type { FlagDto, ReviewItemDetailDto } from '@kura/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { packetsKeys } from './keys';

/** A recording's flags (retracted ones included, marked), for the builder on the recording page. */
export function useRecordingFlags(recordingId: string) {
  return useQuery({
    queryKey: packetsKeys.recordingFlags(recordingId),
    queryFn: ({ signal }) => api.get<{ items: FlagDto[] }>(`/api/recordings/${encodeURIComponent(recordingId)}/flags`, { signal }),
    staleTime: 0,
  });
}

/** The call's open review item carries the decisions a packet may cite. */
export function useReviewItemForBuilder(reviewItemId: string | null) {
  return useQuery({
    queryKey: packetsKeys.reviewItem(reviewItemId ?? ''),
    queryFn: ({ signal }) => api.get<ReviewItemDetailDto>(`/api/review-items/${encodeURIComponent(reviewItemId!)}`, { signal }),
    enabled: reviewItemId !== null,
  });
}
