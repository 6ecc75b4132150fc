import type { DbOrTx } from '@kura/db';

// staff_users.id is a uuid column: comparing it with anything else is a cast error, not a miss.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names for the ids that belong to staff accounts. Any string may be passed (audit rows name all
 * sorts of actors); ids that are not uuids, or name nobody, are simply absent from the map.
 */
export async function staffNamesByIds(db: DbOrTx, ids: string[]): Promise<Map<string, { email: string; displayName: string }>> {
  const lookable = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (lookable.length === 0) return new Map();
  const rows = await db.selectFrom('staff_users').select(['id', 'email', 'display_name']).where('id', 'in', lookable).execute();
  return new Map(rows.map((r) => [r.id, { email: r.email, displayName: r.display_name }]));
}
