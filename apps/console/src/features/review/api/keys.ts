/** Query keys of the review workflow; mutations invalidate by these prefixes. */
export const reviewKeys = {
  all: ['review'] as const,
  lists: () => [...reviewKeys.all, 'list'] as const,
  list: (filters: object) => [...reviewKeys.lists(), filters] as const,
  details: () => [...reviewKeys.all, 'detail'] as const,
  detail: (id: string) => [...reviewKeys.details(), id] as const,
  context: (id: string) => [...reviewKeys.all, 'context', id] as const,
  assignableStaff: () => [...reviewKeys.all, 'assignable-staff'] as const,
};
