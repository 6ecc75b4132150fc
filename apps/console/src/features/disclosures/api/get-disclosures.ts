import type { DisclosureRequestDto, ListDisclosureRequestsResponse, UserEventStatus } from '@kura/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface DisclosureFilters {
  status?: UserEventStatus;
}

export const disclosureKeys = {
  all: ['disclosures'] as const,
  list: (filters: DisclosureFilters) => [...disclosureKeys.all, 'list', filters] as const,
  detail: (id: string) => [...disclosureKeys.all, 'detail', id] as const,
};

export const getDisclosuresQueryOptions = (filters: DisclosureFilters) =>
  queryOptions({
    queryKey: disclosureKeys.list(filters),
    queryFn: ({ signal }) => api.get<ListDisclosureRequestsResponse>('/api/disclosures', { params: { ...filters }, signal }),
    placeholderData: keepPreviousData,
  });

export function useDisclosures(filters: DisclosureFilters) {
  return useQuery(getDisclosuresQueryOptions(filters));
}

export const getDisclosureQueryOptions = (id: string) =>
  queryOptions({
    queryKey: disclosureKeys.detail(id),
    queryFn: ({ signal }) => api.get<DisclosureRequestDto>(`/api/disclosures/${encodeURIComponent(id)}`, { signal }),
  });

export function useDisclosure(id: string) {
  return useQuery(getDisclosureQueryOptions(id));
}
