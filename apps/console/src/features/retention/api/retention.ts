import type { ListRetentionRunsResponse, RetentionRunDetailDto, RetentionSettingsDto, UpdateRetentionSettingsBody } from '@kura/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const retentionKeys = {
  all: ['retention'] as const,
  settings: () => [...retentionKeys.all, 'settings'] as const,
  runs: (before: string | null) => [...retentionKeys.all, 'runs', before] as const,
  run: (id: string) => [...retentionKeys.all, 'run', id] as const,
};

export const getRetentionSettingsQueryOptions = () =>
  queryOptions({
    queryKey: retentionKeys.settings(),
    queryFn: ({ signal }) => api.get<RetentionSettingsDto>('/api/retention/settings', { signal }),
  });

export const getRetentionRunsQueryOptions = (before: string | null) =>
  queryOptions({
    queryKey: retentionKeys.runs(before),
    queryFn: ({ signal }) =>
      api.get<ListRetentionRunsResponse>(`/api/retention/runs${before ? `?${new URLSearchParams({ before })}` : ''}`, { signal }),
  });

export const getRetentionRunQueryOptions = (id: string) =>
  queryOptions({
    queryKey: retentionKeys.run(id),
    queryFn: ({ signal }) => api.get<RetentionRunDetailDto>(`/api/retention/runs/${encodeURIComponent(id)}`, { signal }),
  });

export const useRetentionSettings = () => useQuery(getRetentionSettingsQueryOptions());
export const useRetentionRuns = (before: string | null) => useQuery(getRetentionRunsQueryOptions(before));
export const useRetentionRun = (id: string) => useQuery(getRetentionRunQueryOptions(id));

export function useUpdateRetentionSettings({ onSuccess }: { onSuccess?: () => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateRetentionSettingsBody) => api.put<RetentionSettingsDto>('/api/retention/settings', body),
    onSuccess: (settings) => {
      queryClient.setQueryData(retentionKeys.settings(), settings);
      onSuccess?.();
    },
  });
}
