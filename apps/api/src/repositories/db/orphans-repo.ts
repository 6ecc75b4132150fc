import type { DbOrTx } from '@kura/db';

export async function recordOrphan(db: DbOrTx, objectKey: string, reason: string): Promise<void> {
  await db
    .insertInto('orphan_objects')
    .values({ object_key: objectKey, reason })
    .onConflict((oc) => oc.column('object_key').doNothing())
    .execute();
}

export async function forgetOrphan(db: DbOrTx, objectKey: string): Promise<void> {
  await db.deleteFrom('orphan_objects').where('object_key', '=', objectKey).execute();
}

export async function listOrphans(db: DbOrTx, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('orphan_objects').select('object_key').orderBy('recorded_at').limit(limit).execute();
  return rows.map((r) => r.object_key);
}
