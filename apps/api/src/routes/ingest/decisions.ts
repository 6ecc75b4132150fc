import { Hono } from 'hono';
import { DecisionFeedQuery, DecisionFeedResponse } from '@kura/contracts';
import type { HonoEnv } from '../../http/env.ts';
import { queryOf } from '../../http/validate.ts';
import { pollDecisions } from '../../services/review/decision-feed.ts';
import { serviceActor } from './audit-context.ts';
import { apiDoc } from '../../http/openapi.ts';

/** GET /v1/ingest/decisions: the platform polls decisions to act on them. */
export function decisionFeedRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.get(
    '/',
    apiDoc({ summary: 'Poll the decisions to act on', query: DecisionFeedQuery, responses: { 200: DecisionFeedResponse } }),
    async (c) => {
      const q = queryOf(c, DecisionFeedQuery);
      return c.json(await pollDecisions(c.var.ctx, serviceActor(c), q));
    },
  );
  return r;
}
