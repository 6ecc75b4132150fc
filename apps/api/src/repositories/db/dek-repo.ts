import { sql } from 'kysely';
import type { DbOrTx, DbTx } from '@kura/db';

/** Every table that holds wrapped DEKs; key rotation walks them all. */
export const DEK_TABLES = ['recordings', 'recording_assets'] as const;
export type DekTable = (typeof DEK_TABLES)[number];

export interface WrappedDekRow {
  id: string;
  kek_id: string;
  wrapped_dek: Buffer;
}

/**
 * A batch of rows not yet wrapped by `kekId`, locked so two rotations never fight over one. A key
 * the retention job destroyed stays destroyed: there is nothing to re-wrap.
 */
export async function rowsNotWrappedBy(tx: DbTx, table: DekTable, kekId: string, limit: number): Promise<WrappedDekRow[]> {
  return tx
    .selectFrom(table)
    .select(['id', 'kek_id', 'wrapped_dek'])
    .where('kek_id', '<>', kekId)
    .where('wrapped_dek', 'is not', null)
    .$narrowType<{ wrapped_dek: Buffer }>()
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function setWrappedDek(tx: DbTx, table: DekTable, id: string, kekId: string, wrapped: Buffer): Promise<void> {
  await tx.updateTable(table).set({ kek_id: kekId, wrapped_dek: wrapped }).where('id', '=', id).execute();
}

export async function countNotWrappedBy(db: DbOrTx, kekId: string): Promise<number> {
  let n = 0;
  for (const table of DEK_TABLES) {
    const row = await db
      .selectFrom(table)
      .select(sql<string>`count(*)`.as('n'))
      .where('kek_id', '<>', kekId)
      .where('wrapped_dek', 'is not', null)
      .executeTakeFirstOrThrow();
    n += Number(row.n);
  }
  return n;
}

// Its own advisory-lock namespace (two-key form), apart from the audit chain's and login's.
const ROTATION_LOCK_SPACE = 0x6b75_0003;

/** Serialises starting or resuming a rotation until the transaction ends. */
export async function lockRotationStart(tx: DbTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ROTATION_LOCK_SPACE}, 0)`.execute(tx);
}

export async function unfinishedRotation(db: DbOrTx) {
  return db.selectFrom('key_rotations').selectAll().where('finished_at', 'is', null).executeTakeFirst();
}

export async function startRotation(tx: DbTx, newKekId: string): Promise<string> {
  const row = await tx.insertInto('key_rotations').values({ new_kek_id: newKekId }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function addRewrapped(tx: DbTx, id: string, n: number): Promise<void> {
  await tx
    .updateTable('key_rotations')
    .set((eb) => ({ rewrapped: eb('rewrapped', '+', n) }))
    .where('id', '=', id)
    .execute();
}

export async function finishRotation(tx: DbTx, id: string, at: Date): Promise<number> {
  const row = await tx
    .updateTable('key_rotations')
    .set({ finished_at: at })
    .where('id', '=', id)
    .returning('rewrapped')
    .executeTakeFirstOrThrow();
  return row.rewrapped;
}
