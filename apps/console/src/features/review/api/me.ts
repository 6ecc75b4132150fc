import {
  DEFAULT_WELLBEING,
  type ExposureHeartbeatBody,
  type MyExposureDto,
  type MyPreferencesDto,
  type WellbeingSettings,
} from '@kura/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/query-keys';

export function usePreferences() {
  return useQuery({
    queryKey: meKeys.preferences(),
    queryFn: ({ signal }) => api.get<MyPreferencesDto>('/api/me/preferences', { signal }),
    staleTime: 5 * 60_000,
  });
}

/**
 * What protects the reviewer now. Until the preferences arrive, or if they cannot be read,
 * everything is on: a failure must never show a call unblurred.
 */
export function useWellbeing(): WellbeingSettings {
  return usePreferences().data?.wellbeing ?? DEFAULT_WELLBEING;
}

export function useMyExposure({ enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: meKeys.exposure(),
    queryFn: ({ signal }) => api.get<MyExposureDto>('/api/me/exposure', { signal }),
    enabled,
    refetchInterval: 5 * 60_000,
  });
}

export function useExposureHeartbeat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ExposureHeartbeatBody) => api.post<void>('/api/me/exposure', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKeys.exposure() }),
  });
}
