import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { HonoEnv } from './env.ts';

// The socket's peer, not X-Forwarded-For: without a configured trusted proxy, that header is
// whatever the client says, and the per-IP limit would be trivially dodged.
export function clientIp(c: Context<HonoEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
