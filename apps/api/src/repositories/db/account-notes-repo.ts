import type { DbOrTx, DbTx } from '@kura/db';

// Staff notes on a platform user or a creator (account_id is platform_users.id or creators.id).

export async function notesOn(db: DbOrTx, accountType: 'user' | 'creator', accountId: string) {
  return db
    .selectFrom('account_notes as n')
    .innerJoin('staff_users as s', 's.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.author_id', 's.display_name as author_name', 'n.created_at'])
    .where('n.account_type', '=', accountType)
    .where('n.account_id', '=', accountId)
    .orderBy('n.created_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}

export type AccountNoteRow = Awaited<ReturnType<typeof notesOn>>[number];

export async function findAccountByRef(db: DbOrTx, accountType: 'user' | 'creator', ref: string): Promise<string | undefined> {
  const row =
    accountType === 'user'
      ? await db.selectFrom('platform_users').select('id').where('ref', '=', ref).executeTakeFirst()
      : await db.selectFrom('creators').select('id').where('ref', '=', ref).executeTakeFirst();
  return row?.id;
}

export async function insertAccountNote(
  tx: DbTx,
  n: { accountType: 'user' | 'creator'; accountId: string; body: string; authorId: string; at: Date },
) {
  const row = await tx
    .insertInto('account_notes')
    .values({ account_type: n.accountType, account_id: n.accountId, body: n.body, author_id: n.authorId, created_at: n.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
