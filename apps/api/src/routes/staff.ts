import { Hono } from 'hono';
import { z } from 'zod';
import { CreateStaffBody, UpdateStaffBody } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { CAN_ADMINISTER_STAFF } from '../services/access/policy.ts';
import { createStaff } from '../services/staff-admin/create-staff.ts';
import { listStaff } from '../services/staff-admin/list-staff.ts';
import { updateStaff } from '../services/staff-admin/update-staff.ts';

/** /api/staff: admins manage staff accounts. */
export function staffRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_ADMINISTER_STAFF));

  r.get('/', async (c) => c.json(await listStaff(c.var.ctx)));

  r.post('/', async (c) => {
    const body = await jsonBody(c, CreateStaffBody);
    return c.json(await createStaff(c.var.ctx, c.var.staff, body, c.var.requestId), 201);
  });

  r.patch('/:id', async (c) => {
    const id = paramOf(c, 'id', z.uuid());
    const body = await jsonBody(c, UpdateStaffBody);
    return c.json(await updateStaff(c.var.ctx, c.var.staff, id, body, c.var.requestId));
  });

  return r;
}
