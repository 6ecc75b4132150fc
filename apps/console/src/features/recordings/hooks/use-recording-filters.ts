import { recordingStates, type RecordingState } from '@kura/contracts';
import { useUrlFilters } from '@/lib/use-url-filters';
import type { RecordingFilters } from '../api/get-recordings';

export type FilterKey = Exclude<keyof RecordingFilters, 'cursor'>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isState(value: string | null): value is RecordingState {
  return value !== null && (recordingStates as readonly string[]).includes(value);
}

/** Reads the list filters from the URL, dropping values the API would reject. */
export function parseRecordingFilters(params: URLSearchParams): RecordingFilters {
  const filters: RecordingFilters = {};
  const q = params.get('q')?.trim();
  if (q) filters.q = q.slice(0, 200);
  const agency = params.get('agency')?.trim();
  if (agency) filters.agency = agency;
  const state = params.get('state');
  if (isState(state)) filters.state = state;
  const reported = params.get('reported');
  if (reported === 'true' || reported === 'false') filters.reported = reported;
  const from = params.get('from');
  if (from && DATE.test(from)) filters.from = from;
  const to = params.get('to');
  if (to && DATE.test(to)) filters.to = to;
  const cursor = params.get('cursor');
  if (cursor) filters.cursor = cursor;
  return filters;
}

/** A range that ends before it starts can match nothing: it is a mistake to point out, not an empty result. */
export function isInvertedRange(filters: Pick<RecordingFilters, 'from' | 'to'>): boolean {
  // Both are YYYY-MM-DD, so string order is date order.
  return !!filters.from && !!filters.to && filters.from > filters.to;
}

/** Filters and page live in the URL so a reviewer can share a link to exactly this view. */
export function useRecordingFilters() {
  const url = useUrlFilters<RecordingFilters, FilterKey, string>(parseRecordingFilters, 'cursor');
  return { ...url, invertedRange: isInvertedRange(url.filters) };
}
