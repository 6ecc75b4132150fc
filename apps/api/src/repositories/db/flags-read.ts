import type { DbOrTx } from '@kura/db';

// The read side of flags, shared by the flag routes and the review item detail.

/** Every flag on a recording (retracted ones included), by start time, each with its full history. */
export async function flagsForRecording(db: DbOrTx, recordingId: string) {
  const flags = await db
    .selectFrom('flags as f')
    .innerJoin('staff_users as a', 'a.id', 'f.author_id')
    .leftJoin('staff_users as rb', 'rb.id', 'f.retracted_by')
    .select([
      'f.id',
      'f.recording_id',
      'f.review_item_id',
      'f.category',
      'f.severity',
      'f.start_ms',
      'f.end_ms',
      'f.note',
      'f.author_id',
      'a.display_name as author_name',
      'f.version',
      'f.created_at',
      'f.updated_at',
      'f.retracted_at',
      'f.retracted_by',
      'rb.display_name as retracted_by_name',
      'f.retract_reason',
    ])
    .where('f.recording_id', '=', recordingId)
    .orderBy('f.start_ms')
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
  if (flags.length === 0) return [];
  const revisions = await db
    .selectFrom('flag_revisions as v')
    .innerJoin('staff_users as e', 'e.id', 'v.edited_by')
    .select([
      'v.flag_id',
      'v.version',
      'v.category',
      'v.severity',
      'v.start_ms',
      'v.end_ms',
      'v.note',
      'v.edited_by',
      'e.display_name as edited_by_name',
      'v.edited_at',
    ])
    .where(
      'v.flag_id',
      'in',
      flags.map((f) => f.id),
    )
    .orderBy('v.flag_id')
    .orderBy('v.version')
    .execute();
  return flags.map((f) => ({ ...f, revisions: revisions.filter((v) => v.flag_id === f.id) }));
}

export type FlagRow = Awaited<ReturnType<typeof flagsForRecording>>[number];
export type FlagRevisionRow = FlagRow['revisions'][number];
