import type { AuditVerifyResponse } from '@kura/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export function verifyChain(): Promise<AuditVerifyResponse> {
  return api.get<AuditVerifyResponse>('/api/audit/verify');
}

/**
 * A GET, but not a query: every verification walks the whole chain and is itself recorded as an
 * audit event, so it runs only when the auditor asks (never on mount, focus or reconnect).
 */
export function useVerifyChain() {
  return useMutation({ mutationKey: ['audit', 'verify'], mutationFn: verifyChain });
}
