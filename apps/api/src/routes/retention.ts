import { Hono } from 'hono';
import {
  ListRetentionRunsQuery,
  ListRetentionRunsResponse,
  RetentionRunDetailDto,
  RetentionSettingsDto,
  UpdateRetentionSettingsBody,
} from '@kura/contracts';
import { z } from 'zod';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf, queryOf } from '../http/validate.ts';
import { CAN_CHANGE_SETTINGS, CAN_READ_RETENTION } from '../services/access/policy.ts';
import { getRetentionRun, listRetentionRuns } from '../services/retention/retention-runs.ts';
import { loadRetentionSettings } from '../services/retention/retention-settings.ts';
import { updateRetentionSettings } from '../services/retention/update-settings.ts';
import { apiDoc } from '../http/openapi.ts';

const RunId = z.uuid();

/** /api/retention: the retention settings (admins change them) and the job's runs and receipts. */
export function retentionRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession());

  r.get(
    '/settings',
    apiDoc({ summary: 'Retention settings', responses: { 200: RetentionSettingsDto } }),
    requireRole(...CAN_READ_RETENTION),
    async (c) => c.json(await loadRetentionSettings(c.var.ctx.db)),
  );

  r.put(
    '/settings',
    apiDoc({
      summary: 'Change retention settings',
      body: UpdateRetentionSettingsBody,
      responses: { 200: RetentionSettingsDto },
    }),
    requireRole(...CAN_CHANGE_SETTINGS),
    async (c) => {
      const body = await jsonBody(c, UpdateRetentionSettingsBody);
      return c.json(await updateRetentionSettings(c.var.ctx, c.var.staff, body, c.var.requestId));
    },
  );

  r.get(
    '/runs',
    apiDoc({
      summary: "The retention job's runs",
      query: ListRetentionRunsQuery,
      responses: { 200: ListRetentionRunsResponse },
    }),
    requireRole(...CAN_READ_RETENTION),
    async (c) => c.json(await listRetentionRuns(c.var.ctx, queryOf(c, ListRetentionRunsQuery))),
  );

  r.get(
    '/runs/:id',
    apiDoc({
      summary: 'One retention run and its receipt',
      params: { id: RunId },
      responses: { 200: RetentionRunDetailDto },
    }),
    requireRole(...CAN_READ_RETENTION),
    async (c) => c.json(await getRetentionRun(c.var.ctx, paramOf(c, 'id', RunId))),
  );

  return r;
}
