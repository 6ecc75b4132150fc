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
    // No polling: every list read is audited (review.listed). It refreshes when the tab regains
    // focus, after each action here, and on demand.
  });

export function useReviewItems(filters: ReviewFilters) {
  return useQuery(getReviewItemsQueryOptions(filters));
}
