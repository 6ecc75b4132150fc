import type { ApprovePacketBody, CreateShareLinkBody, CreateShareLinkResponse, PacketDetailDto, ReasonBody } from '@kura/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { packetsKeys } from './keys';

const packetPath = (id: string) => `/api/packets/${encodeURIComponent(id)}`;

export function approvePacket(id: string, body: ApprovePacketBody): Promise<PacketDetailDto | undefined> {
  return api.post<PacketDetailDto | undefined>(`${packetPath(id)}/approve`, body);
}

export function withdrawApproval(id: string, body: ReasonBody): Promise<PacketDetailDto | undefined> {
  return api.post<PacketDetailDto | undefined>(`${packetPath(id)}/approval/withdraw`, body);
}

export function createShareLink(id: string, body: CreateShareLinkBody): Promise<CreateShareLinkResponse> {
  return api.post<CreateShareLinkResponse>(`${packetPath(id)}/links`, body);
}

export function revokeShareLink(linkId: string): Promise<unknown> {
  return api.post<unknown>(`/api/links/${encodeURIComponent(linkId)}/revoke`);
}

/** After any change: the packet, its custody trail and the lists it appears in are stale. */
function useRefreshPacket(packetId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: packetsKeys.detail(packetId) }),
      queryClient.invalidateQueries({ queryKey: packetsKeys.custody(packetId) }),
      queryClient.invalidateQueries({ queryKey: packetsKeys.lists() }),
    ]);
}

export function useApprovePacket(packetId: string) {
  const refresh = useRefreshPacket(packetId);
  return useMutation({ mutationFn: (body: ApprovePacketBody) => approvePacket(packetId, body), onSettled: refresh });
}

export function useWithdrawApproval(packetId: string, { onSuccess }: { onSuccess?: () => void } = {}) {
  const refresh = useRefreshPacket(packetId);
  return useMutation({
    mutationFn: (body: ReasonBody) => withdrawApproval(packetId, body),
    onSuccess: () => onSuccess?.(),
    onSettled: refresh,
  });
}

/**
 * The answer carries the token, which exists nowhere else: it lives only in this mutation's
 * state (shown once by the dialog) and is never written to the query cache.
 */
export function useCreateShareLink(packetId: string) {
  const refresh = useRefreshPacket(packetId);
  return useMutation({ mutationFn: (body: CreateShareLinkBody) => createShareLink(packetId, body), onSettled: refresh });
}

export function useRevokeShareLink(packetId: string, { onSuccess }: { onSuccess?: () => void } = {}) {
  const refresh = useRefreshPacket(packetId);
  return useMutation({
    mutationFn: (linkId: string) => revokeShareLink(linkId),
    onSuccess: () => onSuccess?.(),
    onSettled: refresh,
  });
}
