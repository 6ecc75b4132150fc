import type { DbOrTx } from '@kura/db';

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
