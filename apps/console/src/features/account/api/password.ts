import type { ChangePasswordBody } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/query-keys';

/** 204; the API ends every other session of the person. */
export function changePassword(body: ChangePasswordBody): Promise<void> {
  return api.post<void>('/api/me/password', body);
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: meKeys.sessions() }),
  });
}
