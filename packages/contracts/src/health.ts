import { z } from 'zod';

// The probes' answers (/healthz, /readyz): states only, never why a check failed.

export const HealthDto = z.object({ status: z.literal('ok') }).meta({ id: 'HealthDto' });
export type HealthDto = z.infer<typeof HealthDto>;

export const readinessChecks = ['database', 'storage', 'keyring'] as const;
export type ReadinessCheck = (typeof readinessChecks)[number];
const CheckState = z.enum(['ok', 'unavailable']);
export type CheckState = z.infer<typeof CheckState>;

/** 200 with `ok` when every check is; 503 with `unavailable` naming the checks that are not. */
export const ReadinessDto = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    checks: z.record(z.enum(readinessChecks), CheckState),
  })
  .meta({ id: 'ReadinessDto' });
export type ReadinessDto = z.infer<typeof ReadinessDto>;
