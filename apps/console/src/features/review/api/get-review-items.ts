import type { ConductCategory, ListReviewItemsResponse, PriorityBand, ReviewStatus } from '@kura/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { reviewKeys } from './keys';

export type ReviewSort = 'priority' | 'oldest' | 'newest';

/** The queue's filters as they appear in the URL and in GET /api/review-items. */
export interface ReviewFilters {
  status?: ReviewStatus;
  category?: ConductCategory;
  agency?: string;
  creator?: string;
  assignee?: string;
  mine?: 'true';
  priority?: PriorityBand;
  sampled?: 'true' | 'false';
  from?: string;
  to?: string;
  /** Absent means the API's default, priority. */
  sort?: Exclude<ReviewSort, 'priority'>;
  cursor?: string;
}

export function getReviewItems(filters: ReviewFilters, signal?: AbortSignal): Promise<ListReviewItemsResponse> {
  return api.get<ListReviewItemsResponse>('/api/review-items', { params: { ...filters }, signal });
}

export const getReviewItemsQueryOptions = (filters: ReviewFilters) =>
  queryOptions({
    queryKey: reviewKeys.list(filters),
    queryFn: ({ signal }) => getReviewItems(filters, signal),
    placeholderData: keepPreviousData,
    // The queue changes under everyone's hands: keep it fresh while it is on screen.
    refetchInterval: 30_000,
  });

export function useReviewItems(filters: ReviewFilters) {
  return useQuery(getReviewItemsQueryOptions(filters));
}
