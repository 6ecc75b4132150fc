import type { CreateStaffBody, ListStaffResponse, StaffAccountDto, UpdateStaffBody } from '@kura/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { sessionQueryKey } from '@/lib/react-query';

export const staffKeys = {
  all: ['staff'] as const,
  list: () => [...staffKeys.all, 'list'] as const,
};

export function getStaff(signal?: AbortSignal): Promise<ListStaffResponse> {
  return api.get<ListStaffResponse>('/api/staff', { signal });
}

export function createStaff(body: CreateStaffBody): Promise<StaffAccountDto> {
  return api.post<StaffAccountDto>('/api/staff', body);
}

export function updateStaff(id: string, body: UpdateStaffBody): Promise<StaffAccountDto> {
  return api.patch<StaffAccountDto>(`/api/staff/${encodeURIComponent(id)}`, body);
}

export const getStaffQueryOptions = () => queryOptions({ queryKey: staffKeys.list(), queryFn: ({ signal }) => getStaff(signal) });

export function useStaff({ enabled }: { enabled: boolean }) {
  return useQuery({ ...getStaffQueryOptions(), enabled });
}

export function useCreateStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createStaff,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffKeys.all }),
  });
}

export function useUpdateStaff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateStaffBody }) => updateStaff(id, body),
    // The header shows the signed-in person's name and roles: an admin may have edited their own.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: staffKeys.all }),
        queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
      ]),
  });
}
