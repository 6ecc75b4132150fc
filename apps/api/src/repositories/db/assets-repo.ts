import type { DbOrTx, RecordingAssetsTable } from '@kura/db';
import type { Insertable } from 'kysely';

export async function insertAsset(db: DbOrTx, row: Insertable<RecordingAssetsTable>): Promise<void> {
  await db
    .insertInto('recording_assets')
    .values(row)
    .onConflict((oc) => oc.constraint('recording_assets_one_kind').doNothing())
    .execute();
}

export async function findAsset(db: DbOrTx, recordingId: string, kind: 'thumbnail_strip') {
  return db.selectFrom('recording_assets').selectAll().where('recording_id', '=', recordingId).where('kind', '=', kind).executeTakeFirst();
}
