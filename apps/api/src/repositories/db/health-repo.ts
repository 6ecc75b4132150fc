import { sql } from 'kysely';
import type { Db } from '@kura/db';

/** One round trip through the pool: throws unless PostgreSQL answers. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
