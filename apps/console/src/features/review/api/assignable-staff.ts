import type { AssignableStaffResponse } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { reviewKeys } from './keys';

export const getAssignableStaffQueryOptions = () =>
  queryOptions({
    queryKey: reviewKeys.assignableStaff(),
    queryFn: ({ signal }) => api.get<AssignableStaffResponse>('/api/review-items/assignable-staff', { signal }),
    staleTime: 5 * 60_000,
  });

/** Leads only (the API answers 403 to anyone else): pass enabled=false for everyone else. */
export function useAssignableStaff({ enabled }: { enabled: boolean }) {
  return useQuery({ ...getAssignableStaffQueryOptions(), enabled });
}
