import { Hono } from 'hono';
import { z } from 'zod';
import {
  ChangePasswordBody,
  ExposureHeartbeatBody,
  UpdatePreferencesBody,
  ListSessionsResponse,
  MyExposureDto,
  MyPreferencesDto,
} from '@kura/contracts';
import { clientIp } from '../http/client-ip.ts';
import type { HonoEnv } from '../http/env.ts';
import { staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { myExposure } from '../services/exposure/exposure-totals.ts';
import { recordExposure } from '../services/exposure/record-exposure.ts';
import { changeMyPassword } from '../services/my-account/change-password.ts';
import { mySessions, revokeMySession } from '../services/my-account/my-sessions.ts';
import { myPreferences, updateMyPreferences } from '../services/preferences/my-preferences.ts';
import { apiDoc, answers } from '../http/openapi.ts';

const SessionId = z.uuid();

/** /api/me: what every signed-in person may do about themselves, whatever their roles. */
export function meRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession());

  r.get('/preferences', apiDoc({ summary: 'My wellbeing preferences', responses: { 200: MyPreferencesDto } }), async (c) =>
    c.json(await myPreferences(c.var.ctx, c.var.staff)),
  );

  r.put(
    '/preferences',
    apiDoc({
      summary: 'Replace my wellbeing overrides',
      body: UpdatePreferencesBody,
      responses: { 200: MyPreferencesDto },
    }),
    async (c) => {
      const body = await jsonBody(c, UpdatePreferencesBody);
      return c.json(await updateMyPreferences(c.var.ctx, c.var.staff, body, c.var.requestId));
    },
  );

  r.get('/exposure', apiDoc({ summary: 'My exposure today', responses: { 200: MyExposureDto } }), async (c) =>
    c.json(await myExposure(c.var.ctx, c.var.staff)),
  );

  r.post(
    '/exposure',
    apiDoc({ summary: 'Report media played since the last heartbeat', body: ExposureHeartbeatBody, responses: { 204: answers.noContent } }),
    async (c) => {
      const body = await jsonBody(c, ExposureHeartbeatBody);
      await recordExposure(c.var.ctx, c.var.staff, body);
      return c.body(null, 204);
    },
  );

  r.post(
    '/password',
    apiDoc({ summary: 'Change my password', body: ChangePasswordBody, responses: { 204: answers.noContent } }),
    async (c) => {
      const body = await jsonBody(c, ChangePasswordBody);
      await changeMyPassword(c.var.ctx, c.var.staff, body, clientIp(c), c.var.requestId);
      return c.body(null, 204);
    },
  );

  r.get('/sessions', apiDoc({ summary: 'My sessions', responses: { 200: ListSessionsResponse } }), async (c) =>
    c.json(await mySessions(c.var.ctx, c.var.staff)),
  );

  r.post(
    '/sessions/:id/revoke',
    apiDoc({ summary: 'Revoke one of my sessions', params: { id: SessionId }, responses: { 204: answers.noContent } }),
    async (c) => {
      const id = paramOf(c, 'id', SessionId);
      await revokeMySession(c.var.ctx, c.var.staff, id, c.var.requestId);
      return c.body(null, 204);
    },
  );

  return r;
}
