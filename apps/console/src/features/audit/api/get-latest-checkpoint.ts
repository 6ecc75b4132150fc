import type { LatestCheckpointResponse } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { auditKeys } from './get-audit-events';

export function getLatestCheckpoint(signal?: AbortSignal): Promise<LatestCheckpointResponse> {
  return api.get<LatestCheckpointResponse>('/api/audit/checkpoints/latest', { signal });
}

export const getLatestCheckpointQueryOptions = () =>
  queryOptions({
    queryKey: [...auditKeys.all, 'checkpoints', 'latest'] as const,
    queryFn: ({ signal }) => getLatestCheckpoint(signal),
    // Each answer lists the bucket and reads an object: once per visit is enough.
    refetchOnWindowFocus: false,
  });

export function useLatestCheckpoint() {
  return useQuery(getLatestCheckpointQueryOptions());
}
