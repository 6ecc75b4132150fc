import type { AccessLogResponse } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { recordingsKeys } from '@/lib/query-keys';

export function getAccessLog(id: string, signal?: AbortSignal): Promise<AccessLogResponse> {
  return api.get<AccessLogResponse>(`/api/recordings/${encodeURIComponent(id)}/access-log`, { signal });
}

export const getAccessLogQueryOptions = (id: string) =>
  queryOptions({
    queryKey: recordingsKeys.accessLog(id),
    queryFn: ({ signal }) => getAccessLog(id, signal),
    staleTime: 0,
  });

/** While media is playable, poll so that new media reads show up in the history. */
export function useAccessLog(id: string, { poll }: { poll: boolean }) {
  return useQuery({ ...getAccessLogQueryOptions(id), refetchInterval: poll ? 5_000 : false });
}
