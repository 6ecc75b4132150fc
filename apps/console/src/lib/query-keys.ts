/**
 * Query keys shared across features: a recording's detail and access log are read by one
 * feature and invalidated by another (declaring a purpose changes both). Features may not
 * import each other, so the keys live here.
 */
export const recordingsKeys = {
  all: ['recordings'] as const,
  lists: () => [...recordingsKeys.all, 'list'] as const,
  list: (filters: object) => [...recordingsKeys.lists(), filters] as const,
  detail: (id: string) => [...recordingsKeys.all, 'detail', id] as const,
  accessLog: (id: string) => [...recordingsKeys.all, 'access-log', id] as const,
};
