import type { AccountNoteDto, AccountType } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { reviewKeys } from './keys';

/** A staff note on an account stays visible on every item of that account. */
export function useAddAccountNote(reviewItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ type, ref, body }: { type: AccountType; ref: string; body: string }) =>
      api.post<AccountNoteDto>(`/api/accounts/${type}/${encodeURIComponent(ref)}/notes`, { body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.context(reviewItemId) }),
  });
}
