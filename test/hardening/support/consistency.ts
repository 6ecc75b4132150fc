import type { Harness } from '../../support/harness.ts';
import { drainJobs } from '../../support/media.ts';
import { verifyChain } from '../../../apps/api/src/services/audit/verify-chain.ts';
import { verifyCheckpoints } from '../../../apps/api/src/services/audit/verify-checkpoints.ts';
import { writeCheckpoint } from '../../../apps/api/src/services/audit/write-checkpoint.ts';

// What "nothing half-written" means, checked the same way after every attack: no recording row
// stuck mid-upload, and every object in the bucket named by a row that owns it (or by the orphan
// ledger that the sweeper works through, or a retention tombstone). Audit checkpoints are the one kind of object no row owns.

export interface Accounting {
  objects: number;
  unaccounted: string[];
  uploadingRows: number;
  processingRows: number;
}

export async function accountForEverything(h: Harness): Promise<Accounting> {
  const db = h.ctx.db;
  const owned = new Set<string>();
  const add = (rows: { object_key: string | null }[]) => rows.forEach((r) => r.object_key && owned.add(r.object_key));
  add(await db.selectFrom('recordings').select('object_key').execute());
  add(await db.selectFrom('recording_assets').select('object_key').execute());
  add(await db.selectFrom('packet_clips').select('object_key').execute());
  add(await db.selectFrom('orphan_objects').select('object_key').execute());
  add(await db.selectFrom('tombstones').select('object_key').execute());
  const unaccounted: string[] = [];
  let objects = 0;
  for await (const o of h.ctx.store.list('')) {
    if (o.key.startsWith('audit-checkpoints/')) continue;
    objects++;
    if (!owned.has(o.key)) unaccounted.push(o.key);
  }
  const states = await db.selectFrom('recordings').select(['state']).execute();
  return {
    objects,
    unaccounted,
    uploadingRows: states.filter((s) => s.state === 'uploading').length,
    processingRows: states.filter((s) => s.state === 'processing').length,
  };
}

/** The audit chain from genesis: intact (and how long), or the first broken row. */
export async function chainIntact(h: Harness): Promise<{ intact: boolean; events: number; detail: string }> {
  const r = await verifyChain(h.ctx.db);
  return { intact: r.intact, events: r.events, detail: JSON.stringify(r) };
}

/** Signs a checkpoint of the head now, then checks the chain against every checkpoint in the bucket. */
export async function checkpointsHold(h: Harness): Promise<{ intact: boolean; checkpoints: number; detail: string }> {
  await writeCheckpoint(h.ctx, 'cli');
  const r = await verifyCheckpoints(h.ctx);
  return { intact: r.intact, checkpoints: r.checkpoints.checked, detail: JSON.stringify(r).slice(0, 500) };
}

/**
 * Runs jobs until none is left waiting, retries included: a retry's backoff is skipped by making
 * it due now (the app's clock is left alone, so sessions and grants do not age).
 */
export async function drainAll(h: Harness, rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await drainJobs(h);
    const waiting = await h.ctx.db
      .updateTable('jobs')
      .set({ run_at: new Date(h.ctx.now().getTime() - 1000) })
      .where('state', '=', 'queued')
      .where('queue', '!=', 'audit.checkpoint')
      .executeTakeFirst();
    if (Number(waiting.numUpdatedRows) === 0) return;
  }
}
