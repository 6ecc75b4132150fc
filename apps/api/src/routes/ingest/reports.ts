import { Hono } from 'hono';
import { PostReportBody, PostReportResponse } from '@kura/contracts';
import type { HonoEnv } from '../../http/env.ts';
import { jsonBodyLimit } from '../../http/json-limit.ts';
import { jsonBody } from '../../http/validate.ts';
import { fileReport } from '../../services/ingest/file-report.ts';
import { serviceActor } from './audit-context.ts';
import { apiDoc } from '../../http/openapi.ts';

export function reportRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.post(
    '/',
    apiDoc({ summary: 'File a report about a call', body: PostReportBody, responses: { 201: PostReportResponse } }),
    jsonBodyLimit,
    async (c) => {
      const body = await jsonBody(c, PostReportBody);
      return c.json(await fileReport(c.var.ctx, serviceActor(c), body), 201);
    },
  );
  return r;
}
