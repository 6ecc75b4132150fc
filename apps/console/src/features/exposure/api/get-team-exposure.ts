import type { TeamExposureDto } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export const teamExposureKey = ['exposure', 'team'] as const;

export function getTeamExposure(signal?: AbortSignal): Promise<TeamExposureDto> {
  return api.get<TeamExposureDto>('/api/exposure/team', { signal });
}

export const getTeamExposureQueryOptions = () =>
  queryOptions({ queryKey: teamExposureKey, queryFn: ({ signal }) => getTeamExposure(signal), refetchInterval: 60_000 });

export function useTeamExposure({ enabled }: { enabled: boolean }) {
  return useQuery({ ...getTeamExposureQueryOptions(), enabled });
}
