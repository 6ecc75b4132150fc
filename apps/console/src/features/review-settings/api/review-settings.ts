import type { ReviewSettingsDto, UpdateReviewSettingsBody } from '@kura/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/query-keys';

export const reviewSettingsKey = ['settings', 'review'] as const;

export function getReviewSettings(signal?: AbortSignal): Promise<ReviewSettingsDto> {
  return api.get<ReviewSettingsDto>('/api/settings/review', { signal });
}

export function updateReviewSettings(body: UpdateReviewSettingsBody): Promise<ReviewSettingsDto> {
  return api.put<ReviewSettingsDto>('/api/settings/review', body);
}

export const getReviewSettingsQueryOptions = () =>
  queryOptions({ queryKey: reviewSettingsKey, queryFn: ({ signal }) => getReviewSettings(signal) });

export function useReviewSettings({ enabled }: { enabled: boolean }) {
  return useQuery({ ...getReviewSettingsQueryOptions(), enabled });
}

export function useUpdateReviewSettings({ onSuccess }: { onSuccess?: (settings: ReviewSettingsDto) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateReviewSettings,
    onSuccess: async (settings) => {
      if (settings) queryClient.setQueryData(reviewSettingsKey, settings);
      onSuccess?.(settings);
      // The admin's own effective preferences and break threshold follow the new defaults.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: reviewSettingsKey }),
        queryClient.invalidateQueries({ queryKey: meKeys.all }),
      ]);
    },
  });
}
