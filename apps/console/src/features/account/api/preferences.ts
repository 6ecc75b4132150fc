import type { MyPreferencesDto, UpdatePreferencesBody, WellbeingSettings } from '@kura/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/query-keys';

export function getPreferences(signal?: AbortSignal): Promise<MyPreferencesDto> {
  return api.get<MyPreferencesDto>('/api/me/preferences', { signal });
}

/**
 * PUT replaces the person's overrides as a whole: the body holds every override they keep, so
 * "reset to default" is the same map without that key (the body has no way to say "remove").
 */
export function putPreferences(overrides: Partial<WellbeingSettings>): Promise<MyPreferencesDto> {
  const body: UpdatePreferencesBody = { wellbeing: overrides };
  return api.put<MyPreferencesDto>('/api/me/preferences', body);
}

export const getPreferencesQueryOptions = () =>
  queryOptions({ queryKey: meKeys.preferences(), queryFn: ({ signal }) => getPreferences(signal) });

export function usePreferences() {
  return useQuery(getPreferencesQueryOptions());
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  const key = meKeys.preferences();
  return useMutation({
    mutationFn: putPreferences,
    // The switch moves at once (a disabled switch would lose keyboard focus); a refusal puts it back.
    onMutate: async (overrides) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<MyPreferencesDto>(key);
      if (previous)
        queryClient.setQueryData<MyPreferencesDto>(key, { ...previous, overrides, wellbeing: { ...previous.defaults, ...overrides } });
      return { previous };
    },
    onError: (_error, _overrides, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (preferences) => {
      if (preferences?.wellbeing) queryClient.setQueryData(key, preferences);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
