import { QueryCache, QueryClient, type DefaultOptions } from '@tanstack/react-query';
import { isApiError, setCsrfToken } from './api-client';

export const sessionQueryKey = ['auth', 'session'] as const;

function shouldRetry(failureCount: number, error: unknown): boolean {
  // A 4xx is the caller's fault (or a missing/forbidden resource): retrying will not help.
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export const defaultQueryOptions: DefaultOptions = {
  queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: true },
  mutations: { retry: false },
};

export function createQueryClient(overrides: DefaultOptions = {}): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: { ...defaultQueryOptions.queries, ...overrides.queries },
      mutations: { ...defaultQueryOptions.mutations, ...overrides.mutations },
    },
    queryCache: new QueryCache({
      onError: (error, query) => {
        // Any 401 means the session ended (expired or signed out elsewhere): drop to the login page.
        if (isApiError(error) && error.status === 401 && query.queryKey[0] !== sessionQueryKey[0]) {
          setCsrfToken(null);
          client.setQueryData(sessionQueryKey, null);
        }
      },
    }),
  });
  return client;
}
