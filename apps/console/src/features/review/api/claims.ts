import type { BulkReviewBody, BulkReviewResponse, ReviewItemDetailDto } from '@kura/contracts';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { reviewKeys } from './keys';

const itemPath = (id: string) => `/api/review-items/${encodeURIComponent(id)}`;

/** A claim changes the item, the queue's rows and its counts. */
async function refreshAfter(queryClient: QueryClient, detail?: ReviewItemDetailDto) {
  if (detail) queryClient.setQueryData(reviewKeys.detail(detail.id), detail);
  await queryClient.invalidateQueries({ queryKey: reviewKeys.lists() });
}

export function useClaimItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ReviewItemDetailDto>(`${itemPath(id)}/claim`),
    onSuccess: (detail) => refreshAfter(queryClient, detail),
  });
}

export function useReleaseItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<unknown>(`${itemPath(id)}/release`),
    onSuccess: async (_, id) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: reviewKeys.detail(id) }), refreshAfter(queryClient)]);
    },
  });
}

export function useAssignItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, staffUserId }: { id: string; staffUserId: string }) => api.post<unknown>(`${itemPath(id)}/assign`, { staffUserId }),
    onSuccess: async (_, { id }) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: reviewKeys.detail(id) }), refreshAfter(queryClient)]);
    },
  });
}

export function useBulkReview() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkReviewBody) => api.post<BulkReviewResponse>('/api/review-items/bulk', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reviewKeys.all }),
  });
}

/**
 * "Start reviewing": the API claims the most urgent item it may hand this person (or the one
 * they already hold) and answers 204 when nothing is waiting.
 */
export function useNextItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ReviewItemDetailDto | undefined>('/api/review-items/next'),
    onSuccess: (detail) => refreshAfter(queryClient, detail ?? undefined),
  });
}
