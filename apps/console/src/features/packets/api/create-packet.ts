import type { CreatePacketBody, PacketDetailDto } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { packetsKeys } from './keys';

/** POST /api/packets answers 201 with the new packet (at least its id). */
export function createPacket(body: CreatePacketBody): Promise<Pick<PacketDetailDto, 'id'>> {
  return api.post<Pick<PacketDetailDto, 'id'>>('/api/packets', body);
}

export function useCreatePacket({ onSuccess }: { onSuccess?: (packet: Pick<PacketDetailDto, 'id'>) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPacket,
    onSuccess: async (packet) => {
      onSuccess?.(packet);
      await queryClient.invalidateQueries({ queryKey: packetsKeys.lists() });
    },
  });
}
