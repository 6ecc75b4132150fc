import type { DbOrTx, NewRecording, RecordingUpdate } from '@kura/db';

export async function insertRecording(db: DbOrTx, row: NewRecording): Promise<void> {
  await db.insertInto('recordings').values(row).execute();
}

export async function updateRecording(db: DbOrTx, id: string, patch: RecordingUpdate): Promise<void> {
  await db.updateTable('recordings').set(patch).where('id', '=', id).execute();
}

export async function deleteRecordingRow(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('recordings').where('id', '=', id).execute();
}

/** Moves an upload past 'uploading'; false when its row is gone (the sweeper gave up on it). */
export async function finishUpload(db: DbOrTx, id: string, patch: RecordingUpdate): Promise<boolean> {
  const r = await db.updateTable('recordings').set(patch).where('id', '=', id).where('state', '=', 'uploading').executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Deletes a row only while it is still 'uploading': an upload that finished meanwhile stays. */
export async function deleteUploadingRow(db: DbOrTx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('recordings').where('id', '=', id).where('state', '=', 'uploading').executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** The call's stored recording, if any ('uploading' rows are not recordings yet). */
export async function findStoredRecordingForCall(db: DbOrTx, callId: string) {
  return db
    .selectFrom('recordings')
    .select(['id', 'sha256', 'plaintext_bytes'])
    .where('call_id', '=', callId)
    .where('state', '<>', 'uploading')
    .executeTakeFirst();
}

export async function getRecording(db: DbOrTx, id: string) {
  return db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function staleUploads(db: DbOrTx, olderThan: Date, limit: number) {
  return db
    .selectFrom('recordings')
    .select(['id', 'object_key'])
    .where('state', '=', 'uploading')
    .where('upload_started_at', '<', olderThan)
    .limit(limit)
    .execute();
}
