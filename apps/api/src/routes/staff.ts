import { Hono } from 'hono';
import { z } from 'zod';
import { CreateStaffBody, UpdateStaffBody, ListStaffResponse, StaffAccountDto } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { CAN_ADMINISTER_STAFF } from '../services/access/policy.ts';
import { createStaff } from '../services/staff-admin/create-staff.ts';
import { listStaff } from '../services/staff-admin/list-staff.ts';
import { updateStaff } from '../services/staff-admin/update-staff.ts';
import { apiDoc } from '../http/openapi.ts';

const StaffId = z.uuid();

/** /api/staff: admins manage staff accounts. */
export function staffRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_ADMINISTER_STAFF));

  r.get('/', apiDoc({ summary: 'Staff accounts', responses: { 200: ListStaffResponse } }), async (c) => c.json(await listStaff(c.var.ctx)));

  r.post('/', apiDoc({ summary: 'Create a staff account', body: CreateStaffBody, responses: { 201: StaffAccountDto } }), async (c) => {
    const body = await jsonBody(c, CreateStaffBody);
    return c.json(await createStaff(c.var.ctx, c.var.staff, body, c.var.requestId), 201);
  });

  r.patch(
    '/:id',
    apiDoc({
      summary: 'Change a staff account',
      params: { id: StaffId },
      body: UpdateStaffBody,
      responses: { 200: StaffAccountDto },
    }),
    async (c) => {
      const id = paramOf(c, 'id', StaffId);
      const body = await jsonBody(c, UpdateStaffBody);
      return c.json(await updateStaff(c.var.ctx, c.var.staff, id, body, c.var.requestId));
    },
  );

  return r;
}
