import type { ListAgenciesResponse } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export function getAgencies(signal?: AbortSignal): Promise<ListAgenciesResponse> {
  return api.get<ListAgenciesResponse>('/api/agencies', { signal });
}

export const getAgenciesQueryOptions = () =>
  queryOptions({
    queryKey: ['agencies'] as const,
    queryFn: ({ signal }) => getAgencies(signal),
    staleTime: 10 * 60_000,
  });

export function useAgencies() {
  return useQuery(getAgenciesQueryOptions());
}
