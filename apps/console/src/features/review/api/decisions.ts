import type { DecisionBody, DecisionDto, ReviewItemDetailDto } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { reviewKeys } from './keys';

const itemPath = (id: string) => `/api/review-items/${encodeURIComponent(id)}`;

export function useDecide(reviewItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DecisionBody) => api.post<DecisionDto>(`${itemPath(reviewItemId)}/decision`, body),
    // A decision closes (or escalates) the item and can change other items' priority.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}

export function useReopen(reviewItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) => api.post<ReviewItemDetailDto>(`${itemPath(reviewItemId)}/reopen`, { reason }),
    onSuccess: async (detail) => {
      queryClient.setQueryData(reviewKeys.detail(reviewItemId), detail);
      await queryClient.invalidateQueries({ queryKey: reviewKeys.all });
    },
  });
}
