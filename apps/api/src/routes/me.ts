import { Hono } from 'hono';
import { z } from 'zod';
import { ChangePasswordBody, ExposureHeartbeatBody, UpdatePreferencesBody } from '@kura/contracts';
import { clientIp } from '../http/client-ip.ts';
import type { HonoEnv } from '../http/env.ts';
import { staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { myExposure } from '../services/exposure/exposure-totals.ts';
import { recordExposure } from '../services/exposure/record-exposure.ts';
import { changeMyPassword } from '../services/my-account/change-password.ts';
import { mySessions, revokeMySession } from '../services/my-account/my-sessions.ts';
import { myPreferences, updateMyPreferences } from '../services/preferences/my-preferences.ts';

/** /api/me: what every signed-in person may do about themselves, whatever their roles. */
export function meRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession());

  r.get('/preferences', async (c) => c.json(await myPreferences(c.var.ctx, c.var.staff)));

  r.put('/preferences', async (c) => {
    const body = await jsonBody(c, UpdatePreferencesBody);
    return c.json(await updateMyPreferences(c.var.ctx, c.var.staff, body, c.var.requestId));
  });

  r.get('/exposure', async (c) => c.json(await myExposure(c.var.ctx, c.var.staff)));

  r.post('/exposure', async (c) => {
    const body = await jsonBody(c, ExposureHeartbeatBody);
    await recordExposure(c.var.ctx, c.var.staff, body);
    return c.body(null, 204);
  });

  r.post('/password', async (c) => {
    const body = await jsonBody(c, ChangePasswordBody);
    await changeMyPassword(c.var.ctx, c.var.staff, body, clientIp(c), c.var.requestId);
    return c.body(null, 204);
  });

  r.get('/sessions', async (c) => c.json(await mySessions(c.var.ctx, c.var.staff)));

  r.post('/sessions/:id/revoke', async (c) => {
    const id = paramOf(c, 'id', z.uuid());
    await revokeMySession(c.var.ctx, c.var.staff, id, c.var.requestId);
    return c.body(null, 204);
  });

  return r;
}
