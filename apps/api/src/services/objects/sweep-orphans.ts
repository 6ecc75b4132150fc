import type { AppContext } from '../../context.ts';
import { forgetOrphan, listOrphans, recordOrphan } from '../../repositories/db/orphans-repo.ts';
import { deleteUploadingRow, staleUploads } from '../../repositories/db/recordings-repo.ts';

/** An upload still 'uploading' after this long belongs to a process that died mid-way. */
export const STALE_UPLOAD_MS = 6 * 60 * 60 * 1000;

/**
 * Deletes what failed uploads left in S3. Idempotent and safe to run from several workers:
 * deleting a missing key succeeds, and the ledger row goes only after the delete.
 */
export async function sweepOrphans(ctx: AppContext): Promise<{ staleUploads: number; deleted: number }> {
  const stale = await staleUploads(ctx.db, new Date(ctx.now().getTime() - STALE_UPLOAD_MS), 500);
  for (const s of stale) {
    await ctx.db.transaction().execute(async (tx) => {
      // Only if it is still 'uploading': an upload that completed since the query above is kept.
      if (await deleteUploadingRow(tx, s.id)) await recordOrphan(tx, s.object_key, 'upload abandoned by a crashed process');
    });
  }
  let deleted = 0;
  for (;;) {
    const keys = await listOrphans(ctx.db, 500);
    if (keys.length === 0) break;
    await ctx.store.deleteMany(keys);
    for (const key of keys) await forgetOrphan(ctx.db, key);
    deleted += keys.length;
  }
  return { staleUploads: stale.length, deleted };
}
