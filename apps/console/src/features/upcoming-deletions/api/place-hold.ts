import type { HoldDto } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { recordingsKeys } from '@/lib/query-keys';
import { upcomingKeys } from './get-upcoming-deletions';

/** POST /api/recordings/{id}/holds: a held recording leaves the list and shows as held elsewhere. */
export function usePlaceHold() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ recordingId, reason }: { recordingId: string; reason: string }) =>
      api.post<HoldDto>(`/api/recordings/${encodeURIComponent(recordingId)}/holds`, { reason }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: upcomingKeys.all }),
        queryClient.invalidateQueries({ queryKey: recordingsKeys.all }),
      ]),
  });
}
