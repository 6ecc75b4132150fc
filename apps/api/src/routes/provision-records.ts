import { Hono } from 'hono';
import { ListProvisionRecordsQuery, ListProvisionRecordsResponse } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { queryOf } from '../http/validate.ts';
import { CAN_READ_PROVISION_RECORDS } from '../services/access/policy.ts';
import { exportProvisionRecordsCsv, listProvisionRecordsForStaff } from '../services/sharing/provision-records.ts';
import { apiDoc } from '../http/openapi.ts';

/** /api/provision-records: the 第三者提供記録, as pages of JSON or one CSV file. */
export function provisionRecordRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_READ_PROVISION_RECORDS));

  r.get(
    '/',
    apiDoc({
      summary: 'Provision records (第三者提供記録), as JSON pages or one CSV file',
      query: ListProvisionRecordsQuery,
      responses: { 200: ListProvisionRecordsResponse },
    }),
    async (c) => {
      const q = queryOf(c, ListProvisionRecordsQuery);
      if (q.format === 'csv') {
        const { filename, csv } = await exportProvisionRecordsCsv(c.var.ctx, c.var.staff, q, c.var.requestId);
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${filename}"`);
        return c.body(csv);
      }
      return c.json(await listProvisionRecordsForStaff(c.var.ctx, c.var.staff, q, c.var.requestId));
    },
  );

  return r;
}
