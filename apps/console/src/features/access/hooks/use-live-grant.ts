import type { GrantDto } from '@kura/contracts';
import { minutesUntil } from '@/lib/format';
import { useNow } from '@/lib/use-now';

export interface LiveGrant {
  grant: GrantDto | null;
  /** True while the grant exists and has not expired by the local clock. */
  live: boolean;
  /** True when a grant exists but its time is up. */
  expired: boolean;
  minutesLeft: number;
}

/** Re-evaluates every 15 s and exactly at expiry, so the player disappears on time. */
export function useLiveGrant(grant: GrantDto | null | undefined): LiveGrant {
  const expiresAt = grant ? Date.parse(grant.expiresAt) : undefined;
  const now = useNow(15_000, expiresAt);
  const live = !!grant && expiresAt !== undefined && expiresAt > now;
  return {
    grant: grant ?? null,
    live,
    expired: !!grant && !live,
    minutesLeft: grant ? minutesUntil(grant.expiresAt, now) : 0,
  };
}
