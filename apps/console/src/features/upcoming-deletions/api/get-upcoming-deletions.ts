import type { ListUpcomingDeletionsResponse, RetentionReason } from '@kura/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** The filters as they appear in the URL and in GET /api/retention/upcoming. */
export interface UpcomingFilters {
  days?: number;
  agency?: string;
  creator?: string;
  reason?: RetentionReason;
  cursor?: string;
}

export const upcomingKeys = {
  all: ['retention-upcoming'] as const,
  list: (filters: UpcomingFilters) => [...upcomingKeys.all, 'list', filters] as const,
};

export function getUpcomingDeletions(filters: UpcomingFilters, signal?: AbortSignal): Promise<ListUpcomingDeletionsResponse> {
  return api.get<ListUpcomingDeletionsResponse>('/api/retention/upcoming', { params: { ...filters }, signal });
}

export const getUpcomingDeletionsQueryOptions = (filters: UpcomingFilters) =>
  queryOptions({
    queryKey: upcomingKeys.list(filters),
    queryFn: ({ signal }) => getUpcomingDeletions(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useUpcomingDeletions(filters: UpcomingFilters) {
  return useQuery(getUpcomingDeletionsQueryOptions(filters));
}
