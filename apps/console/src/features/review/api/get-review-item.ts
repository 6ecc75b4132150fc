import type { ReviewContextDto, ReviewItemDetailDto } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { reviewKeys } from './keys';

const itemPath = (id: string) => `/api/review-items/${encodeURIComponent(id)}`;

export function getReviewItem(id: string, signal?: AbortSignal): Promise<ReviewItemDetailDto> {
  return api.get<ReviewItemDetailDto>(itemPath(id), { signal });
}

export const getReviewItemQueryOptions = (id: string) =>
  queryOptions({
    queryKey: reviewKeys.detail(id),
    queryFn: ({ signal }) => getReviewItem(id, signal),
    // Each read is audited and extends the holder's claim: no refetch just because the tab got focus.
    refetchOnWindowFocus: false,
  });

export function useReviewItem(id: string) {
  return useQuery(getReviewItemQueryOptions(id));
}

export function getReviewContext(id: string, signal?: AbortSignal): Promise<ReviewContextDto> {
  return api.get<ReviewContextDto>(`${itemPath(id)}/context`, { signal });
}

export function useReviewContext(id: string) {
  return useQuery({
    queryKey: reviewKeys.context(id),
    queryFn: ({ signal }) => getReviewContext(id, signal),
    refetchOnWindowFocus: false,
  });
}
