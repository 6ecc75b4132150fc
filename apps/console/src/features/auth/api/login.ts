import type { LoginBody, SessionResponse } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '@/lib/api-client';
import { sessionQueryKey } from '@/lib/react-query';

export function login(body: LoginBody): Promise<SessionResponse> {
  return api.post<SessionResponse>('/api/auth/login', body);
}

export function useLogin({ onSuccess }: { onSuccess?: (session: SessionResponse) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // Nothing cached for a previous user may leak into this session.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionQueryKey[0] });
      queryClient.setQueryData(sessionQueryKey, session);
      onSuccess?.(session);
    },
  });
}
