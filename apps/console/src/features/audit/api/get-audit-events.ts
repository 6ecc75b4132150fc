import type { AuditAction, ListAuditEventsResponse } from '@kura/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** The audit log's filters as they appear in the URL and in GET /api/audit/events. */
export interface AuditFilters {
  action?: AuditAction;
  subject?: string;
  /** Keyset cursor: only events with a smaller seq. */
  before?: number;
}

export const auditKeys = {
  all: ['audit'] as const,
  events: () => [...auditKeys.all, 'events'] as const,
  eventList: (filters: AuditFilters) => [...auditKeys.events(), filters] as const,
};

export function getAuditEvents(filters: AuditFilters, signal?: AbortSignal): Promise<ListAuditEventsResponse> {
  return api.get<ListAuditEventsResponse>('/api/audit/events', { params: { ...filters }, signal });
}

export const getAuditEventsQueryOptions = (filters: AuditFilters) =>
  queryOptions({
    queryKey: auditKeys.eventList(filters),
    queryFn: ({ signal }) => getAuditEvents(filters, signal),
    // Keep the current rows on screen while the next filter or page loads.
    placeholderData: keepPreviousData,
    // Every read is itself written to the chain: do not add reads the auditor did not ask for.
    refetchOnWindowFocus: false,
  });

export function useAuditEvents(filters: AuditFilters) {
  return useQuery(getAuditEventsQueryOptions(filters));
}
