import { packetStatuses, type PacketStatus } from '@kura/contracts';
import { useUrlFilters } from '@/lib/use-url-filters';
import type { PacketFilters } from '../api/get-packets';

export type PacketFilterKey = Exclude<keyof PacketFilters, 'cursor'>;

// Recording ids are UUIDs; anything else that looks like an id is left for the API to judge.
const ID = /^[A-Za-z0-9-]{1,64}$/;

function isStatus(value: string | null): value is PacketStatus {
  return value !== null && (packetStatuses as readonly string[]).includes(value);
}

/** Reads the list filters from the URL, dropping values the API would reject. */
export function parsePacketFilters(params: URLSearchParams): PacketFilters {
  const filters: PacketFilters = {};
  const status = params.get('status');
  if (isStatus(status)) filters.status = status;
  const agency = params.get('agency')?.trim();
  if (agency) filters.agency = agency.slice(0, 200);
  const recording = params.get('recording')?.trim();
  if (recording && ID.test(recording)) filters.recording = recording;
  const cursor = params.get('cursor');
  if (cursor) filters.cursor = cursor.slice(0, 300);
  return filters;
}

/** Filters and page live in the URL, so a link shares exactly this view of the packets. */
export function usePacketFilters() {
  return useUrlFilters<PacketFilters, PacketFilterKey, string>(parsePacketFilters, 'cursor');
}
