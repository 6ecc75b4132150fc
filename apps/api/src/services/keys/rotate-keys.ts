import type { AppContext } from '../../context.ts';
import {
  DEK_TABLES,
  addRewrapped,
  finishRotation,
  lockRotationStart,
  rowsNotWrappedBy,
  setWrappedDek,
  startRotation,
  unfinishedRotation,
} from '../../repositories/db/dek-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { AuditContext } from '../audit/events.ts';

export interface RotateOptions {
  batchSize?: number;
  /** Stop after this many batches, leaving the rotation to be resumed (tests, throttled runs). */
  maxBatches?: number;
  onProgress?: (rewrapped: number) => void;
}

export interface RotateResult {
  newKekId: string;
  resumed: boolean;
  rewrapped: number;
  finished: boolean;
}

/**
 * Adds a new active KEK and re-wraps every DEK with it; objects in S3 are never rewritten. An
 * unfinished rotation is resumed rather than started again, so a crash mid-way loses nothing.
 */
export async function rotateKeys(ctx: AppContext, audit: AuditContext, opts: RotateOptions = {}): Promise<RotateResult> {
  const batchSize = opts.batchSize ?? 500;
  // Deciding between resume and start, and writing the ring file, happen under one lock: two
  // rotations started at once would otherwise each write a ring with only their own new key,
  // and one would re-wrap DEKs with a key the file no longer keeps.
  const { ring, rotationId, resumed } = await ctx.db.transaction().execute(async (tx) => {
    await lockRotationStart(tx);
    const current = await ctx.keys.refresh();
    const pending = await unfinishedRotation(tx);
    if (pending && current.has(pending.new_kek_id) && current.activeId === pending.new_kek_id) {
      return { ring: current, rotationId: pending.id, resumed: true };
    }
    // The ring file is written before the rotation row commits: a crash in between leaves an
    // extra key in the ring and no rotation, and the next run simply starts a fresh one.
    const next = current.withNewActiveKey();
    await ctx.keys.replace(next);
    if (pending) await finishRotation(tx, pending.id, ctx.now());
    const id = await startRotation(tx, next.activeId);
    await appendAudit(
      tx,
      audit,
      { action: 'keys.rotation_started', subject: { type: 'keyring', id: next.activeId }, details: { newKekId: next.activeId } },
      ctx.now(),
    );
    return { ring: next, rotationId: id, resumed: false };
  });
  const target = ring.activeId;

  let rewrapped = 0;
  let batches = 0;
  for (const table of DEK_TABLES) {
    for (;;) {
      if (opts.maxBatches !== undefined && batches >= opts.maxBatches) {
        return { newKekId: target, resumed, rewrapped, finished: false };
      }
      const n = await ctx.db.transaction().execute(async (tx) => {
        const rows = await rowsNotWrappedBy(tx, table, target, batchSize);
        for (const row of rows) {
          const dek = await ctx.keys.unwrap(row.kek_id, row.id, row.wrapped_dek);
          const { wrapped } = ring.wrap(row.id, dek);
          dek.fill(0);
          await setWrappedDek(tx, table, row.id, target, wrapped);
        }
        if (rows.length) await addRewrapped(tx, rotationId, rows.length);
        return rows.length;
      });
      if (n === 0) break;
      batches++;
      rewrapped += n;
      opts.onProgress?.(rewrapped);
    }
  }

  const total = await ctx.db.transaction().execute(async (tx) => {
    const count = await finishRotation(tx, rotationId, ctx.now());
    await appendAudit(
      tx,
      audit,
      { action: 'keys.rotation_finished', subject: { type: 'keyring', id: target }, details: { newKekId: target, rewrapped: count } },
      ctx.now(),
    );
    return count;
  });
  return { newKekId: target, resumed, rewrapped: total, finished: true };
}
