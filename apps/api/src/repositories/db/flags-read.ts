import type { DbOrTx } from '@kura/db';

// Reading flags (read-only): the writers live with the flag services. Each flag comes with its
// revisions, oldest first, and the names of who wrote, edited and retracted it.

function flagRows(db: DbOrTx) {
  return db
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
    ]);
}

async function withRevisions(db: DbOrTx, flags: Awaited<ReturnType<ReturnType<typeof flagRows>['execute']>>) {
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
    .orderBy('v.version', 'asc')
    .execute();
  const byFlag = new Map<string, typeof revisions>();
  for (const r of revisions) {
    const list = byFlag.get(r.flag_id) ?? [];
    list.push(r);
    byFlag.set(r.flag_id, list);
  }
  return flags.map((f) => ({ ...f, revisions: byFlag.get(f.id) ?? [] }));
}

/** A recording's flags, retracted ones included, in timeline order. */
export async function flagsForRecording(db: DbOrTx, recordingId: string) {
  const flags = await flagRows(db)
    .where('f.recording_id', '=', recordingId)
    .orderBy('f.start_ms')
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();
  return withRevisions(db, flags);
}

/** The flags with these ids that exist (any recording), in no particular order. */
export async function flagsByIds(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  const flags = await flagRows(db).where('f.id', 'in', ids).execute();
  return withRevisions(db, flags);
}

export type FlagRow = Awaited<ReturnType<typeof flagsForRecording>>[number];
export type FlagRevisionRow = FlagRow['revisions'][number];
