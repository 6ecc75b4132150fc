import type { DbOrTx } from '@kura/db';

export async function staffNamesByIds(db: DbOrTx, ids: string[]): Promise<Map<string, { email: string; displayName: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('staff_users').select(['id', 'email', 'display_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { email: r.email, displayName: r.display_name }]));
}
