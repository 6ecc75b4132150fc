import type { HoldDto } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { recordingsKeys } from '@/lib/query-keys';
import { reviewKeys } from './keys';

/** Holds show wherever the recording appears: the review item, the queue and the recording pages. */
function useRefreshHolds(recordingId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: reviewKeys.all }),
      queryClient.invalidateQueries({ queryKey: recordingsKeys.detail(recordingId) }),
      queryClient.invalidateQueries({ queryKey: recordingsKeys.lists() }),
    ]);
}

export function usePlaceHold(recordingId: string) {
  const refresh = useRefreshHolds(recordingId);
  return useMutation({
    mutationFn: (reason: string) => api.post<HoldDto>(`/api/recordings/${encodeURIComponent(recordingId)}/holds`, { reason }),
    onSuccess: refresh,
  });
}

export function useReleaseHold(recordingId: string) {
  const refresh = useRefreshHolds(recordingId);
  return useMutation({
    mutationFn: ({ holdId, reason }: { holdId: string; reason: string }) =>
      api.post<HoldDto>(`/api/holds/${encodeURIComponent(holdId)}/release`, { reason }),
    onSuccess: refresh,
  });
}
