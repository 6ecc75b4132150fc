import type { AppContext } from '../../context.ts';
import { forgetOrphan, listOrphans, recordOrphan } from '../../repositories/db/orphans-repo.ts';
import type { MultipartUpload, ObjectStore } from '../../repositories/object-store.ts';
import { deleteUploadingRow, staleUploads } from '../../repositories/db/recordings-repo.ts';

/** An upload still 'uploading' after this long belongs to a process that died mid-way. */
export const STALE_UPLOAD_MS = 6 * 60 * 60 * 1000;

export interface SweepResult {
  staleUploads: number;
  deleted: number;
  /** Unfinished multipart uploads aborted; null where the server cannot list or abort them. */
  multipartAborted: number | null;
}

// Stores already told to the log as unable to list multipart uploads: said once, not every sweep.
const toldUnsupported = new WeakSet<ObjectStore>();

/**
 * Deletes what failed uploads left in S3. Idempotent and safe to run from several workers:
 * deleting a missing key succeeds, and the ledger row goes only after the delete.
 */
export async function sweepOrphans(ctx: AppContext): Promise<SweepResult> {
  const cutoff = new Date(ctx.now().getTime() - STALE_UPLOAD_MS);
  const stale = await staleUploads(ctx.db, cutoff, 500);
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
  return { staleUploads: stale.length, deleted, multipartAborted: await abortStaleMultipartUploads(ctx, cutoff) };
}

/** Uploads begun before the cutoff; one whose start the server did not report is left alone. */
export function staleMultipartUploads(uploads: MultipartUpload[], cutoff: Date): MultipartUpload[] {
  return uploads.filter((u) => u.initiated !== null && u.initiated.getTime() < cutoff.getTime());
}

/**
 * A process that dies mid-upload (or an abort the server refused) leaves a multipart upload whose
 * parts no object or row accounts for. Past the same limit after which an 'uploading' row is given
 * up, no upload of ours can still finish, so it is aborted. Where the server cannot list them, a
 * bucket lifecycle rule (AbortIncompleteMultipartUpload, see infra/README.md) has to do it.
 */
async function abortStaleMultipartUploads(ctx: AppContext, cutoff: Date): Promise<number | null> {
  const uploads = await ctx.store.listMultipartUploads();
  if (uploads === 'unsupported') {
    if (!toldUnsupported.has(ctx.store)) {
      toldUnsupported.add(ctx.store);
      ctx.logger.debug('the object store cannot list multipart uploads; unfinished ones are left to a bucket lifecycle rule');
    }
    return null;
  }
  let aborted = 0;
  for (const u of staleMultipartUploads(uploads, cutoff)) {
    if ((await ctx.store.abortMultipartUpload(u.key, u.uploadId)) === 'unsupported') return aborted === 0 ? null : aborted;
    aborted++;
  }
  return aborted;
}
