import type { AccountNoteDto, AccountType, CreateAccountNoteBody } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../lib/errors.ts';
import { findAccountByRef, insertAccountNote } from '../../repositories/db/account-notes-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { StaffPrincipal } from '../auth/principal.ts';

/** A note on a user or creator account: shown beside every review item of that account. */
export async function addAccountNote(
  ctx: AppContext,
  staff: StaffPrincipal,
  accountType: AccountType,
  ref: string,
  body: CreateAccountNoteBody,
  requestId: string,
): Promise<AccountNoteDto> {
  const accountId = await findAccountByRef(ctx.db, accountType, ref);
  if (!accountId) throw notFound(accountType === 'user' ? 'user' : 'creator');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const id = await insertAccountNote(tx, { accountType, accountId, body: body.body, authorId: staff.userId, at: now });
    await appendAudit(
      tx,
      { actor: { type: 'staff', id: staff.userId }, requestId },
      {
        action: 'account_note.added',
        subject: { type: accountType === 'user' ? 'platform_user' : 'creator', id: accountId },
        details: { noteId: id, ref },
      },
      now,
    );
    return { id, body: body.body, author: { id: staff.userId, displayName: staff.displayName }, createdAt: now.toISOString() };
  });
}
