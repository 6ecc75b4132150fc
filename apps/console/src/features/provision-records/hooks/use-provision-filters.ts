import { useUrlFilters } from '@/lib/use-url-filters';
import type { ProvisionFilters } from '../api/get-provision-records';

export type ProvisionFilterKey = Exclude<keyof ProvisionFilters, 'cursor'>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the filters from the URL, dropping values the API would reject. */
export function parseProvisionFilters(params: URLSearchParams): ProvisionFilters {
  const filters: ProvisionFilters = {};
  const agency = params.get('agency')?.trim();
  if (agency) filters.agency = agency.slice(0, 200);
  const subject = params.get('subject')?.trim();
  if (subject) filters.subject = subject.slice(0, 200);
  const from = params.get('from');
  if (from && DATE.test(from)) filters.from = from;
  const to = params.get('to');
  if (to && DATE.test(to)) filters.to = to;
  const cursor = params.get('cursor');
  if (cursor) filters.cursor = cursor.slice(0, 300);
  return filters;
}

export function useProvisionFilters() {
  return useUrlFilters<ProvisionFilters, ProvisionFilterKey, string>(parseProvisionFilters, 'cursor');
}
