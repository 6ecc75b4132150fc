import type { DbOrTx, DbTx } from '@kura/db';

/** A recording's holds, active and released, newest first, with the names of who placed and released them. */
export async function holdsForRecording(db: DbOrTx, recordingId: string) {
  return db
    .selectFrom('legal_holds as h')
    .innerJoin('staff_users as p', 'p.id', 'h.placed_by')
    .leftJoin('staff_users as rel', 'rel.id', 'h.released_by')
    .select([
      'h.id',
      'h.recording_id',
      'h.reason',
      'h.placed_by',
      'p.display_name as placed_by_name',
      'h.placed_at',
      'h.released_at',
      'h.released_by',
      'rel.display_name as released_by_name',
      'h.release_reason',
    ])
    .where('h.recording_id', '=', recordingId)
    .orderBy('h.placed_at', 'desc')
    .execute();
}

export type HoldRow = Awaited<ReturnType<typeof holdsForRecording>>[number];

export async function insertHold(tx: DbTx, h: { recordingId: string; reason: string; placedBy: string; at: Date }): Promise<string> {
  const row = await tx
    .insertInto('legal_holds')
    .values({ recording_id: h.recordingId, reason: h.reason, placed_by: h.placedBy, placed_at: h.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The hold, locked until the transaction ends, so two releases cannot both succeed. */
export async function lockHold(tx: DbTx, id: string) {
  return tx.selectFrom('legal_holds').select(['id', 'recording_id', 'released_at']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markHoldReleased(tx: DbTx, id: string, by: string, reason: string, at: Date): Promise<void> {
  await tx.updateTable('legal_holds').set({ released_at: at, released_by: by, release_reason: reason }).where('id', '=', id).execute();
}
