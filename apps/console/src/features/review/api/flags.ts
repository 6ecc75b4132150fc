import type { CreateFlagBody, FlagDto, UpdateFlagBody } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { reviewKeys } from './keys';

export function useCreateFlag(recordingId: string, reviewItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<CreateFlagBody, 'reviewItemId'>) =>
      api.post<FlagDto>(`/api/recordings/${encodeURIComponent(recordingId)}/flags`, { ...body, reviewItemId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.detail(reviewItemId) }),
  });
}

export function useUpdateFlag(reviewItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ flagId, body }: { flagId: string; body: UpdateFlagBody }) =>
      api.patch<FlagDto>(`/api/flags/${encodeURIComponent(flagId)}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.detail(reviewItemId) }),
  });
}

export function useRetractFlag(reviewItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ flagId, reason }: { flagId: string; reason: string }) =>
      api.post<FlagDto>(`/api/flags/${encodeURIComponent(flagId)}/retract`, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.detail(reviewItemId) }),
  });
}
