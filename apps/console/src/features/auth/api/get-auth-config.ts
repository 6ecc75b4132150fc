import type { AuthConfigResponse } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** Which ways of signing in this Kura offers (public; fixed for the life of the server process). */
export const getAuthConfigQueryOptions = () =>
  queryOptions({
    queryKey: ['auth', 'config'] as const,
    queryFn: ({ signal }) => api.get<AuthConfigResponse>('/api/auth/config', { signal }),
    staleTime: Infinity,
  });

export function useAuthConfig() {
  return useQuery(getAuthConfigQueryOptions());
}
