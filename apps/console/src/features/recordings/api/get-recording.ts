import type { RecordingDetailDto } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { recordingsKeys } from '@/lib/query-keys';

export function getRecording(id: string, signal?: AbortSignal): Promise<RecordingDetailDto> {
  return api.get<RecordingDetailDto>(`/api/recordings/${encodeURIComponent(id)}`, { signal });
}

export const getRecordingQueryOptions = (id: string) =>
  queryOptions({
    queryKey: recordingsKeys.detail(id),
    queryFn: ({ signal }) => getRecording(id, signal),
  });

export function useRecording(id: string) {
  return useQuery(getRecordingQueryOptions(id));
}
