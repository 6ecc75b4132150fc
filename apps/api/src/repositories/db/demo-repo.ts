import type { DbOrTx } from '@kura/db';

export async function isDemoSeeded(db: DbOrTx, version: string): Promise<boolean> {
  return !!(await db.selectFrom('demo_state').select('id').where('id', '=', version).executeTakeFirst());
}

export async function markDemoSeeded(db: DbOrTx, version: string): Promise<void> {
  await db
    .insertInto('demo_state')
    .values({ id: version })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
