import type { ListPacketsResponse, PacketStatus } from '@kura/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { packetsKeys } from './keys';

/** The list's filters as they appear in the URL and in GET /api/packets. */
export interface PacketFilters {
  status?: PacketStatus;
  agency?: string;
  recording?: string;
  cursor?: string;
}

export function getPackets(filters: PacketFilters, signal?: AbortSignal): Promise<ListPacketsResponse> {
  return api.get<ListPacketsResponse>('/api/packets', { params: { ...filters }, signal });
}

export const getPacketsQueryOptions = (filters: PacketFilters) =>
  queryOptions({
    queryKey: packetsKeys.list(filters),
    queryFn: ({ signal }) => getPackets(filters, signal),
    placeholderData: keepPreviousData,
  });

export function usePackets(filters: PacketFilters) {
  return useQuery(getPacketsQueryOptions(filters));
}
