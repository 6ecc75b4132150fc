import { userEventStatuses, type UserEventStatus } from '@kura/contracts';
import { useUrlFilters } from '@/lib/use-url-filters';
import type { DisclosureFilters } from '../api/get-disclosures';

const isStatus = (v: string | null): v is UserEventStatus => (userEventStatuses as readonly string[]).includes(v ?? '');

export function parseDisclosureFilters(params: URLSearchParams): DisclosureFilters {
  const status = params.get('status');
  return isStatus(status) ? { status } : {};
}

export function useDisclosureFilters() {
  return useUrlFilters<DisclosureFilters, keyof DisclosureFilters, string>(parseDisclosureFilters, 'cursor');
}
