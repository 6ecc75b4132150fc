import type { CustodyResponse } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { packetsKeys } from './keys';

export function getCustody(id: string, signal?: AbortSignal): Promise<CustodyResponse> {
  return api.get<CustodyResponse>(`/api/packets/${encodeURIComponent(id)}/custody`, { signal });
}

export const getCustodyQueryOptions = (id: string) =>
  queryOptions({ queryKey: packetsKeys.custody(id), queryFn: ({ signal }) => getCustody(id, signal), staleTime: 0 });

export function useCustody(id: string) {
  return useQuery(getCustodyQueryOptions(id));
}
