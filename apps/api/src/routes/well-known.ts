import { Hono } from 'hono';
import type { HonoEnv } from '../http/env.ts';
import { publishedSigningKeys } from '../services/signing/published-keys.ts';
import { PublishedSigningKeys } from '@kura/contracts';
import { apiDoc } from '../http/openapi.ts';

/** Public, unauthenticated documents under /.well-known. */
export function wellKnownRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.get(
    '/kura-signing-keys.json',
    apiDoc({ summary: 'Every public key Kura ever signed with', auth: 'none', responses: { 200: PublishedSigningKeys } }),
    async (c) => {
      const body = await publishedSigningKeys(c.var.ctx);
      // Short: after a rotation, new signatures name a key that verifiers must be able to fetch soon.
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(body);
    },
  );
  return r;
}
