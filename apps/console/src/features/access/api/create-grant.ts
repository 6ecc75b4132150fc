import type { CreateGrantBody, CreateGrantResponse, RecordingDetailDto } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { recordingsKeys } from '@/lib/query-keys';

export function createGrant(recordingId: string, body: CreateGrantBody): Promise<CreateGrantResponse> {
  // Send exactly the two declared fields, nothing else.
  const payload: CreateGrantBody = { purpose: body.purpose, reference: body.reference };
  return api.post<CreateGrantResponse>(`/api/recordings/${encodeURIComponent(recordingId)}/access`, payload);
}

export function useCreateGrant(recordingId: string, { onSuccess }: { onSuccess?: (r: CreateGrantResponse) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateGrantBody) => createGrant(recordingId, body),
    onSuccess: async (response) => {
      // Show the player at once, then let the server confirm the grant and log the access.
      queryClient.setQueryData<RecordingDetailDto>(recordingsKeys.detail(recordingId), (old) =>
        old ? { ...old, activeGrant: response.grant } : old,
      );
      onSuccess?.(response);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: recordingsKeys.detail(recordingId) }),
        queryClient.invalidateQueries({ queryKey: recordingsKeys.accessLog(recordingId) }),
      ]);
    },
  });
}
