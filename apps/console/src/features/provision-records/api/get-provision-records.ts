import type { ListProvisionRecordsResponse } from '@kura/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api, buildUrl } from '@/lib/api-client';

/** The filters as they appear in the URL, in GET /api/provision-records and in its CSV export. */
export interface ProvisionFilters {
  agency?: string;
  subject?: string;
  from?: string;
  to?: string;
  cursor?: string;
}

export const provisionKeys = {
  all: ['provision-records'] as const,
  list: (filters: ProvisionFilters) => [...provisionKeys.all, 'list', filters] as const,
};

export function getProvisionRecords(filters: ProvisionFilters, signal?: AbortSignal): Promise<ListProvisionRecordsResponse> {
  return api.get<ListProvisionRecordsResponse>('/api/provision-records', { params: { ...filters }, signal });
}

/** The CSV export of everything the filters select (not just this page: no cursor). */
export function provisionCsvUrl({ cursor: _cursor, ...filters }: ProvisionFilters): string {
  return buildUrl('/api/provision-records', { format: 'csv', ...filters });
}

export const getProvisionRecordsQueryOptions = (filters: ProvisionFilters) =>
  queryOptions({
    queryKey: provisionKeys.list(filters),
    queryFn: ({ signal }) => getProvisionRecords(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useProvisionRecords(filters: ProvisionFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getProvisionRecordsQueryOptions(filters), enabled });
}
