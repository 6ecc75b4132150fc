import type { MyExposureDto } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/query-keys';

export function getMyExposure(signal?: AbortSignal): Promise<MyExposureDto> {
  return api.get<MyExposureDto>('/api/me/exposure', { signal });
}

// The player reports played time every few seconds; a minute is fresh enough for a daily total.
const REFRESH_MS = 60_000;

export const getMyExposureQueryOptions = () =>
  queryOptions({
    queryKey: meKeys.exposure(),
    queryFn: ({ signal }) => getMyExposure(signal),
    refetchInterval: REFRESH_MS,
  });

export function useMyExposure({ enabled }: { enabled: boolean }) {
  return useQuery({ ...getMyExposureQueryOptions(), enabled });
}
