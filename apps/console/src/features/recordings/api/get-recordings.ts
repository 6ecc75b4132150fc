import type { ListRecordingsResponse, RecordingState } from '@kura/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { recordingsKeys } from '@/lib/query-keys';

/** The list's filters as they appear in the URL and in GET /api/recordings. */
export interface RecordingFilters {
  q?: string;
  agency?: string;
  state?: RecordingState;
  reported?: 'true' | 'false';
  from?: string;
  to?: string;
  cursor?: string;
}

export function getRecordings(filters: RecordingFilters, signal?: AbortSignal): Promise<ListRecordingsResponse> {
  return api.get<ListRecordingsResponse>('/api/recordings', { params: { ...filters }, signal });
}

export const getRecordingsQueryOptions = (filters: RecordingFilters) =>
  queryOptions({
    queryKey: recordingsKeys.list(filters),
    queryFn: ({ signal }) => getRecordings(filters, signal),
    // Keep the current rows on screen while the next filter or page loads.
    placeholderData: keepPreviousData,
  });

/** `enabled: false` while the filters cannot be valid (say, an inverted date range): nothing is asked. */
export function useRecordings(filters: RecordingFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getRecordingsQueryOptions(filters), enabled });
}
