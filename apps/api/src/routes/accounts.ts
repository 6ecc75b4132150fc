import { Hono } from 'hono';
import { z } from 'zod';
import { CreateAccountNoteBody, accountTypes, AccountNoteDto } from '@kura/contracts';
import type { HonoEnv } from '../http/env.ts';
import { requireRole, staffSession } from '../http/staff-auth.ts';
import { jsonBody, paramOf } from '../http/validate.ts';
import { CAN_WRITE_ACCOUNT_NOTES } from '../services/access/policy.ts';
import { addAccountNote } from '../services/accounts/add-account-note.ts';
import { apiDoc } from '../http/openapi.ts';

const AccountType = z.enum(accountTypes);
const AccountRef = z.string().min(1).max(200);

/** /api/accounts/{user|creator}/:ref/notes: staff notes on a platform user or a creator. */
export function accountRoutes(): Hono<HonoEnv> {
  const r = new Hono<HonoEnv>();
  r.use('*', staffSession(), requireRole(...CAN_WRITE_ACCOUNT_NOTES));

  r.post(
    '/:type/:ref/notes',
    apiDoc({
      summary: 'Add a staff note on a platform user or a creator',
      params: { type: AccountType, ref: AccountRef },
      body: CreateAccountNoteBody,
      responses: { 201: AccountNoteDto },
    }),
    async (c) => {
      const type = paramOf(c, 'type', AccountType);
      const ref = paramOf(c, 'ref', AccountRef);
      const body = await jsonBody(c, CreateAccountNoteBody);
      return c.json(await addAccountNote(c.var.ctx, c.var.staff, type, ref, body, c.var.requestId), 201);
    },
  );

  return r;
}
