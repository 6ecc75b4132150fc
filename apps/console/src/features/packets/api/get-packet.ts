import type { PacketDetailDto } from '@kura/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { packetsKeys } from './keys';

const CUTTING_POLL_MS = 2_000;

export function getPacket(id: string, signal?: AbortSignal): Promise<PacketDetailDto> {
  return api.get<PacketDetailDto>(`/api/packets/${encodeURIComponent(id)}`, { signal });
}

/** Clips are still being cut (the job reports progress), so the page should keep asking. */
export function isCutting(packet: Pick<PacketDetailDto, 'status' | 'clips'>): boolean {
  return packet.status === 'cutting' || packet.clips.some((clip) => clip.state === 'pending' || clip.state === 'cutting');
}

export const getPacketQueryOptions = (id: string) =>
  queryOptions({
    queryKey: packetsKeys.detail(id),
    queryFn: ({ signal }) => getPacket(id, signal),
    refetchInterval: (query) => (query.state.data && isCutting(query.state.data) ? CUTTING_POLL_MS : false),
  });

export function usePacket(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...getPacketQueryOptions(id), enabled });
}
