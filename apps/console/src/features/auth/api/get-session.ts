import type { SessionResponse } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from '@/lib/api-client';
import { sessionQueryKey } from '@/lib/react-query';

/** The signed-in session, or null when the API answers 401 (not signed in). */
export async function getSession({ signal }: { signal?: AbortSignal } = {}): Promise<SessionResponse | null> {
  try {
    const session = await api.get<SessionResponse>('/api/auth/session', { signal });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const getSessionQueryOptions = () =>
  queryOptions({
    queryKey: sessionQueryKey,
    queryFn: ({ signal }) => getSession({ signal }),
    staleTime: 5 * 60_000,
  });

export function useSession() {
  return useQuery(getSessionQueryOptions());
}

/** The signed-in user; only meaningful below <RequireAuth>. */
export function useUser() {
  return useSession().data?.user ?? null;
}
