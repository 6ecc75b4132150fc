import { retentionReasons, type RetentionReason } from '@kura/contracts';
import { useUrlFilters } from '@/lib/use-url-filters';
import type { UpcomingFilters } from '../api/get-upcoming-deletions';

export type UpcomingFilterKey = Exclude<keyof UpcomingFilters, 'cursor'>;
export const WINDOW_DAYS = [7, 14, 30] as const;
export const DEFAULT_DAYS = 7;

const isReason = (v: string | null): v is RetentionReason => (retentionReasons as readonly string[]).includes(v ?? '');

/** Reads the filters from the URL, dropping values the API would reject. */
export function parseUpcomingFilters(params: URLSearchParams): UpcomingFilters {
  const filters: UpcomingFilters = {};
  const days = Number(params.get('days'));
  if (Number.isInteger(days) && days >= 1 && days <= 90) filters.days = days;
  const agency = params.get('agency')?.trim();
  if (agency) filters.agency = agency.slice(0, 200);
  const creator = params.get('creator')?.trim();
  if (creator) filters.creator = creator.slice(0, 200);
  const reason = params.get('reason');
  if (isReason(reason)) filters.reason = reason;
  const cursor = params.get('cursor');
  if (cursor) filters.cursor = cursor.slice(0, 300);
  return filters;
}

export function useUpcomingFilters() {
  return useUrlFilters<UpcomingFilters, UpcomingFilterKey, string>(parseUpcomingFilters, 'cursor');
}
