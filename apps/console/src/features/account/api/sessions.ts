import type { ListSessionsResponse } from '@kura/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/query-keys';

export function getSessions(signal?: AbortSignal): Promise<ListSessionsResponse> {
  return api.get<ListSessionsResponse>('/api/me/sessions', { signal });
}

export function revokeSession(id: string): Promise<void> {
  return api.post<void>(`/api/me/sessions/${encodeURIComponent(id)}/revoke`);
}

export const getSessionsQueryOptions = () => queryOptions({ queryKey: meKeys.sessions(), queryFn: ({ signal }) => getSessions(signal) });

export function useSessions() {
  return useQuery(getSessionsQueryOptions());
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSuccess: (_, id) => {
      queryClient.setQueryData<ListSessionsResponse>(meKeys.sessions(), (old) =>
        old ? { items: old.items.filter((s) => s.id !== id) } : old,
      );
      return queryClient.invalidateQueries({ queryKey: meKeys.sessions() });
    },
  });
}
