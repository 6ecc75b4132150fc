import { sql } from 'kysely';
import type { DbOrTx } from '@kura/db';

// Fixed-window counters in PostgreSQL, so every API process counts against the same limits.

/** Counts one hit in the window and returns the window's hits so far, this one included. */
export async function hitWindow(db: DbOrTx, key: string, windowStart: Date): Promise<number> {
  const row = await db
    .insertInto('rate_limit_windows')
    .values({ key, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limit_windows.hits + 1` }))
    .returning('hits')
    .executeTakeFirstOrThrow();
  return row.hits;
}

/** The newest window of `key` before `windowStart`, if any is still kept. */
export async function windowBefore(db: DbOrTx, key: string, windowStart: Date): Promise<{ windowStart: Date; hits: number } | undefined> {
  const row = await db
    .selectFrom('rate_limit_windows')
    .select(['window_start', 'hits'])
    .where('key', '=', key)
    .where('window_start', '<', windowStart)
    .orderBy('window_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { windowStart: row.window_start, hits: row.hits };
}

/** Forgets windows of keys starting with `prefix` that began before `before`. */
export async function pruneWindows(db: DbOrTx, prefix: string, before: Date): Promise<void> {
  await db
    .deleteFrom('rate_limit_windows')
    .where('key', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`)
    .where('window_start', '<', before)
    .execute();
}
