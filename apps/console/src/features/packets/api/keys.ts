/** Query keys of the packets feature (its list, details, custody trails, and builder inputs). */
export const packetsKeys = {
  all: ['packets'] as const,
  lists: () => [...packetsKeys.all, 'list'] as const,
  list: (filters: object) => [...packetsKeys.lists(), filters] as const,
  detail: (id: string) => [...packetsKeys.all, 'detail', id] as const,
  custody: (id: string) => [...packetsKeys.all, 'custody', id] as const,
  recordingFlags: (recordingId: string) => [...packetsKeys.all, 'recording-flags', recordingId] as const,
  reviewItem: (id: string) => [...packetsKeys.all, 'review-item', id] as const,
};
