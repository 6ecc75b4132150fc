import type { StaffRefDto } from '@kura/contracts';
import { isApiError } from '@/lib/api-client';
import type { Messages } from '@/lib/i18n';

function holderOf(details: unknown): StaffRefDto | null {
  if (typeof details !== 'object' || details === null || !('holder' in details)) return null;
  const holder = (details as { holder: unknown }).holder;
  if (typeof holder !== 'object' || holder === null) return null;
  const name = (holder as { displayName?: unknown }).displayName;
  return typeof name === 'string' ? (holder as StaffRefDto) : null;
}

/** A failed claim, release or assignment in words; a 409 names who holds the item. */
export function claimErrorMessage(error: unknown, t: Messages): string {
  const c = t.review.claim;
  if (isApiError(error)) {
    if (error.status === 409 || error.code === 'claimed') {
      const holder = holderOf(error.details);
      return holder ? c.claimedConflict(holder.displayName) : c.claimedConflictUnknown;
    }
    if (error.status === 403) return c.forbidden;
    if (error.code === 'network_error') return t.common.networkError;
  }
  return c.failed;
}
