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

/**
 * The signed-in person's own data. The review player reports played time and reads the wellbeing
 * preferences, the account page edits them and the header shows the exposure: one set of keys.
 */
export const meKeys = {
  all: ['me'] as const,
  preferences: () => [...meKeys.all, 'preferences'] as const,
  exposure: () => [...meKeys.all, 'exposure'] as const,
  sessions: () => [...meKeys.all, 'sessions'] as const,
};
