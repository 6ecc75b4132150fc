import type { HeldBackReason } from '@kura/contracts';
import type { Db } from '@kura/db';
import type { AppContext } from '../../context.ts';
import {
  destroyClipKeys,
  destroyRecordingKeys,
  dueClips,
  dueRecordings,
  markObjectsDeleted,
  objectsOfExpiringClips,
  objectsOfExpiringRecordings,
  pendingDeletionRequests,
  remainingRecordingsOfUser,
  resolveUserEvent,
  unfinishedExpiries,
  writeTombstones,
  type ExpiringObject,
} from '../../repositories/db/expiry-repo.ts';
import { failAbandonedRuns, insertRun, withRetentionLock } from '../../repositories/db/retention-runs-repo.ts';
import { appendAuditBatch } from '../audit/audit-log.ts';
import { recomputeRetentionForUser } from './recompute.ts';
import { sealRun, type RunReport } from './receipts.ts';

// The retention job (DESIGN.md "Retention"). Per due recording: destroy the wrapped keys, delete
// the S3 objects, keep tombstones. Each step is committed before the next begins and
// expiry_stage says how far it got, so a run that dies anywhere is finished by the next one, and
// repeating a step is harmless (a destroyed key stays destroyed; deleting a missing object succeeds).
//
// A run's time goes into round trips, not work: per batch a DeleteObjects request and a handful
// of statements. So batches are as large as one DeleteObjects request allows (1,000 keys), every
// step is one statement for the whole batch (the audit events too: one lock, one INSERT), and the
// next batch's keys are destroyed while this batch's objects are being deleted (see Pipeline).

/** Recordings (or clips) a batch: a recording with its thumbnail strip is 2 keys; DeleteMany splits at 1,000. */
const BATCH = 1000;
/** Batches between key destruction and tombstones at once; bounds the objects held in memory. */
const PIPELINE_DEPTH = 2;
const SYSTEM = { actor: { type: 'system' as const, id: 'retention' } };
const HELD_SAMPLE = 20;

/** Test-only: make the run fail at a given point, as a crash or a failing S3 would. */
export interface RetentionFaults {
  afterKeysDestroyed?(recordingIds: readonly string[]): void | Promise<void>;
  afterObjectsDeleted?(recordingIds: readonly string[]): void | Promise<void>;
  /** Called before each DeleteObjects attempt; throwing fails that attempt. */
  beforeDelete?(keys: readonly string[], attempt: number): void | Promise<void>;
}

export interface RunRetentionOptions {
  dryRun?: boolean;
  /** Stop after expiring this many recordings (unfinished ones from earlier runs always finish). */
  limit?: number;
  triggeredBy: string;
  onProgress?(line: string): void;
  /** Waits between DeleteObjects attempts; the attempts are this plus one. */
  retryDelaysMs?: readonly number[];
  /** Recordings (or clips) a batch; 1,000 unless a test wants several small batches. */
  batchSize?: number;
  faults?: RetentionFaults;
}

export type RunOutcome = { status: 'locked' } | { status: 'done'; runId: string; report: RunReport; receiptHash: string | null };

export async function runRetention(ctx: AppContext, opts: RunRetentionOptions): Promise<RunOutcome> {
  const outcome = await withRetentionLock(ctx.db, (conn) => new Run(ctx, conn, opts).execute());
  return outcome ?? { status: 'locked' };
}

interface HeldBack {
  counts: Record<HeldBackReason, number>;
  sample: Record<HeldBackReason, string[]>;
}

class Run {
  private readonly now: Date;
  private readonly progress: (line: string) => void;
  private readonly destroyed: ExpiringObject[] = [];
  private readonly started = new Set<string>();
  private readonly errors: { stage: string; recordingIds?: string[]; clipIds?: string[]; message: string; attempts: number }[] = [];
  private readonly held: HeldBack = {
    counts: { hold: 0, open_review: 0, live_packet: 0 },
    sample: { hold: [], open_review: [], live_packet: [] },
  };
  private scanned = 0;
  private expiredRecordings = 0;
  private readonly deletion = { done: [] as string[], refused: [] as { id: string; reason: string }[] };
  private readonly batchSize: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly db: Db,
    private readonly opts: RunRetentionOptions,
  ) {
    this.now = ctx.now();
    this.progress = opts.onProgress ?? (() => undefined);
    this.batchSize = opts.batchSize ?? BATCH;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new Error(`batchSize must be a positive integer, not ${this.batchSize}`);
  }

  async execute(): Promise<RunOutcome & { status: 'done' }> {
    const dryRun = this.opts.dryRun ?? false;
    const startedAt = this.now;
    const runId = await insertRun(this.db, { dryRun, triggeredBy: this.opts.triggeredBy, startedAt });
    const abandoned = await failAbandonedRuns(this.db, runId, startedAt);
    if (abandoned > 0) this.progress(`marked ${abandoned} abandoned run(s) as failed`);
    this.progress(`${dryRun ? 'dry run' : 'run'} ${runId} at ${startedAt.toISOString()}`);
    if (dryRun) {
      await this.plan();
    } else {
      // One pipeline for all three: the clips are looked for while the last recordings are deleted.
      await this.pipelined(async (pipeline) => {
        await this.resume(runId, pipeline);
        await this.expireRecordings(runId, pipeline);
        await this.expireClips(runId, pipeline);
      });
      await this.resolveDeletionRequests();
    }
    const report = this.report(runId, dryRun, startedAt);
    const sealed = await sealRun(this.ctx, this.db, runId, report);
    this.progress(
      `done: scanned ${report.scanned}, expired ${report.expired}, bytes freed ${report.bytesFreed}, held back ${JSON.stringify(report.heldBack.counts)}, errors ${report.errors.length}`,
    );
    return { status: 'done', runId, report, receiptHash: sealed };
  }

  /** Dry run: what a run would expire now, and what it would hold back; nothing changes. */
  private async plan(): Promise<void> {
    let after: { retainUntil: Date; id: string } | null = null;
    for (;;) {
      const due = await dueRecordings(this.db, this.now, after, this.batchSize, false);
      if (due.length === 0) break;
      after = { retainUntil: due[due.length - 1]!.retain_until, id: due[due.length - 1]!.id };
      for (const r of this.sortOut(due)) {
        if (this.limitReached()) return;
        this.expiredRecordings++;
        this.progress(`would expire recording ${r.id} (${r.retention_reason}, due ${r.retain_until.toISOString()})`);
      }
    }
  }

  /** Recordings and clips an earlier run left half-expired: finish them first. */
  private async resume(runId: string, pipeline: Pipeline): Promise<void> {
    const { recordingIds, clipIds } = await unfinishedExpiries(this.db);
    if (recordingIds.length + clipIds.length === 0) return;
    this.progress(`finishing ${recordingIds.length} recording(s) and ${clipIds.length} clip(s) an earlier run left unfinished`);
    for (let i = 0; i < recordingIds.length; i += this.batchSize) {
      const ids = recordingIds.slice(i, i + this.batchSize);
      await pipeline.add(this.deleteAndBury(runId, ids, await objectsOfExpiringRecordings(this.db, ids), 'recording'));
    }
    for (let i = 0; i < clipIds.length; i += this.batchSize) {
      const ids = clipIds.slice(i, i + this.batchSize);
      await pipeline.add(this.deleteAndBury(runId, ids, await objectsOfExpiringClips(this.db, ids), 'clip'));
    }
  }

  /**
   * Runs `fill`, which hands each batch's deleteAndBury to the pipeline as soon as its keys are
   * destroyed and committed; returns once every batch handed over has finished. If `fill` throws
   * (a crash), the batches in flight still finish or fail before the run's connection goes back.
   */
  private async pipelined(fill: (pipeline: Pipeline) => Promise<void>): Promise<void> {
    const pipeline = new Pipeline(PIPELINE_DEPTH);
    try {
      await fill(pipeline);
    } catch (err) {
      await pipeline.settle();
      throw err;
    }
    await pipeline.drain();
  }

  private async expireRecordings(runId: string, pipeline: Pipeline): Promise<void> {
    let after: { retainUntil: Date; id: string } | null = null;
    while (!this.limitReached()) {
      // Step 1: lock a batch of due rows (skipping rows another transaction holds), leave the
      // blocked ones alone, destroy the keys of the rest; one transaction. The batch before may
      // still be deleting its objects meanwhile: its keys were committed before that began.
      const batch = await this.db.transaction().execute(async (tx) => {
        const due = await dueRecordings(tx, this.now, after, this.batchSize, true);
        if (due.length === 0) return null;
        const expirable = this.sortOut(due).slice(0, this.remaining());
        await destroyRecordingKeys(
          tx,
          expirable.map((r) => r.id),
          this.now,
        );
        for (const r of expirable) this.started.add(r.id);
        return { last: due[due.length - 1]!, ids: expirable.map((r) => r.id) };
      });
      if (!batch) return;
      after = { retainUntil: batch.last.retain_until, id: batch.last.id };
      if (batch.ids.length === 0) continue;
      this.expiredRecordings += batch.ids.length;
      this.progress(`keys destroyed for ${batch.ids.length} recording(s)`);
      await this.opts.faults?.afterKeysDestroyed?.(batch.ids);
      await pipeline.add(this.deleteAndBury(runId, batch.ids, await objectsOfExpiringRecordings(this.db, batch.ids), 'recording'));
    }
  }

  /** Clips of shared packets past their own timer (a year from sharing by default). */
  private async expireClips(runId: string, pipeline: Pipeline): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const batch = await this.db.transaction().execute(async (tx) => {
        const due = await dueClips(tx, this.now, after, this.batchSize, true);
        if (due.length === 0) return null;
        const expirable = due.filter((c) => {
          const reasons: HeldBackReason[] = [...(c.held ? (['hold'] as const) : []), ...(c.live_packet ? (['live_packet'] as const) : [])];
          for (const reason of reasons) this.holdBack(reason, c.id);
          return reasons.length === 0;
        });
        this.scanned += due.length;
        await destroyClipKeys(
          tx,
          expirable.map((c) => c.id),
          this.now,
        );
        return { last: due[due.length - 1]!.id, ids: expirable.map((c) => c.id) };
      });
      if (!batch) return;
      after = batch.last;
      if (batch.ids.length === 0) continue;
      this.progress(`keys destroyed for ${batch.ids.length} packet clip(s) past their own timer`);
      await pipeline.add(this.deleteAndBury(runId, batch.ids, await objectsOfExpiringClips(this.db, batch.ids), 'clip'));
    }
  }

  /**
   * Step 2: delete the objects (DeleteObjects, retried with backoff); step 3: tombstones, audit
   * events and the expired state, in one transaction. If S3 keeps failing the rows stay
   * 'keys_destroyed' (the content is unreadable already) for the next run, with no tombstone.
   */
  private async deleteAndBury(runId: string, ids: string[], objects: ExpiringObject[], what: 'recording' | 'clip'): Promise<void> {
    const keys = objects.flatMap((o) => (o.objectKey ? [o.objectKey] : []));
    const started = performance.now();
    const deleted = await this.deleteWithRetry(keys);
    const deletedAt = performance.now();
    if (deleted !== true) {
      this.errors.push({
        stage: 'delete_objects',
        ...(what === 'recording' ? { recordingIds: ids } : { clipIds: ids }),
        message: deleted.message,
        attempts: deleted.attempts,
      });
      this.progress(`S3 delete failed for ${ids.length} ${what}(s) after ${deleted.attempts} attempt(s): ${deleted.message}`);
      if (what === 'recording') this.expiredRecordings -= ids.filter((id) => this.started.has(id)).length;
      return;
    }
    await markObjectsDeleted(this.db, objects, this.ctx.now());
    await this.opts.faults?.afterObjectsDeleted?.(ids);
    // One event per recording (per packet for clips), all appended under one chain lock.
    const events = [...groupBy(objects, (o) => (what === 'recording' ? o.recordingId : (o.packetId ?? o.recordingId)))].map(
      ([subjectId, group]) =>
        what === 'recording'
          ? {
              action: 'retention.expired' as const,
              subject: { type: 'recording' as const, id: subjectId },
              details: { runId, reason: group[0]!.reason, objects: group.length, storedBytes: sumStored(group) },
            }
          : {
              action: 'retention.clips_expired' as const,
              subject: { type: 'packet' as const, id: subjectId },
              details: { runId, clipIds: group.map((o) => o.objectId), storedBytes: sumStored(group) },
            },
    );
    await this.db.transaction().execute(async (tx) => {
      await writeTombstones(tx, objects, runId, this.now);
      await appendAuditBatch(tx, SYSTEM, events, this.now);
    });
    this.destroyed.push(...objects);
    this.progress(
      `expired ${ids.length} ${what}(s): ${objects.length} object(s), ${sumStored(objects)} bytes (S3 ${ms(deletedAt - started)}, tombstones and events ${ms(performance.now() - deletedAt)})`,
    );
  }

  private async deleteWithRetry(keys: string[]): Promise<true | { message: string; attempts: number }> {
    if (keys.length === 0) return true;
    const delays = this.opts.retryDelaysMs ?? [500, 2000, 8000];
    let last = '';
    for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
      try {
        await this.opts.faults?.beforeDelete?.(keys, attempt);
        await this.ctx.store.deleteMany(keys);
        return true;
      } catch (err) {
        last = (err as Error).message;
        this.ctx.logger.warn({ err, attempt, keys: keys.length }, 'retention: DeleteObjects failed');
        const wait = delays[attempt - 1];
        if (wait !== undefined) await new Promise((r) => setTimeout(r, wait));
      }
    }
    return { message: last, attempts: delays.length + 1 };
  }

  /** Deletion requests: done once nothing of the user is left; refused (with why) if something is held. */
  private async resolveDeletionRequests(): Promise<void> {
    for (const req of await pendingDeletionRequests(this.db, this.now)) {
      const remaining = await remainingRecordingsOfUser(this.db, req.user_id, this.now);
      const blocked = new Set<HeldBackReason>();
      for (const r of remaining) {
        if (r.held) blocked.add('hold');
        if (r.open_review) blocked.add('open_review');
        if (r.live_packet) blocked.add('live_packet');
      }
      // Left for the next run: the rest is due but this run stopped (limit) or S3 failed.
      if (remaining.length > 0 && blocked.size === 0) continue;
      const status = blocked.size > 0 ? 'refused' : 'done';
      const reason = blocked.size > 0 ? `blocked by ${[...blocked].sort().join(', ')}` : null;
      await this.db.transaction().execute(async (tx) => {
        await resolveUserEvent(tx, req.id, status, reason, this.now);
        // No longer pending: the user's recordings go back to their ordinary timers.
        if (status === 'refused') await recomputeRetentionForUser(tx, req.user_id, this.now);
      });
      if (status === 'done') this.deletion.done.push(req.id);
      else this.deletion.refused.push({ id: req.id, reason: reason! });
      this.progress(`deletion request ${req.id}: ${status}${reason ? ` (${reason})` : ''}`);
    }
  }

  /** Counts blocked rows as held back (under every reason that applies) and returns the rest. */
  private sortOut<T extends { id: string; held: boolean; open_review: boolean; live_packet: boolean }>(due: T[]): T[] {
    this.scanned += due.length;
    return due.filter((r) => {
      const reasons = (['hold', 'open_review', 'live_packet'] as const).filter((k) => (k === 'hold' ? r.held : r[k]));
      for (const reason of reasons) this.holdBack(reason, r.id);
      return reasons.length === 0;
    });
  }

  private holdBack(reason: HeldBackReason, id: string): void {
    this.held.counts[reason]++;
    if (this.held.sample[reason].length < HELD_SAMPLE) this.held.sample[reason].push(id);
  }

  private limitReached(): boolean {
    return this.opts.limit !== undefined && this.expiredRecordings >= this.opts.limit;
  }

  private remaining(): number {
    return this.opts.limit === undefined ? this.batchSize : Math.max(0, this.opts.limit - this.expiredRecordings);
  }

  private report(runId: string, dryRun: boolean, startedAt: Date): RunReport {
    const recordings = this.destroyed.filter((o) => o.kind === 'recording');
    return {
      runId,
      dryRun,
      triggeredBy: this.opts.triggeredBy,
      startedAt: startedAt.toISOString(),
      finishedAt: this.ctx.now().toISOString(),
      scanned: this.scanned,
      expired: dryRun ? this.expiredRecordings : recordings.length,
      clipsExpired: this.destroyed.filter((o) => o.kind === 'packet_clip').length,
      bytesFreed: sumStored(this.destroyed),
      heldBack: { counts: { ...this.held.counts }, sample: this.held.sample },
      errors: this.errors,
      destroyed: this.destroyed.map((o) => ({
        objectId: o.objectId,
        kind: o.kind,
        recordingId: o.recordingId,
        packetId: o.packetId,
        sha256: o.sha256,
        plaintextBytes: o.plaintextBytes,
        storedBytes: o.storedBytes,
        reason: o.reason,
      })),
      deletionRequests: this.deletion,
    };
  }
}

function sumStored(objects: readonly ExpiringObject[]): number {
  return objects.reduce((n, o) => n + (o.storedBytes ?? 0), 0);
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const group = out.get(key(item));
    if (group) group.push(item);
    else out.set(key(item), [item]);
  }
  return out;
}

function ms(n: number): string {
  return `${Math.round(n)} ms`;
}

/**
 * Batches whose keys are destroyed, on their way through DeleteObjects to their tombstones: at
 * most `depth` at once. Their database steps share the run's one connection (one at a time);
 * their S3 requests overlap the next batch's key destruction. The first failure (a crash, as far
 * as the run is concerned) is thrown to the loop filling the pipeline, which then stops.
 */
class Pipeline {
  private readonly running: Promise<void>[] = [];
  private failure: { error: unknown } | null = null;

  constructor(private readonly depth: number) {}

  /** Takes a batch's work; waits while `depth` batches are in flight. */
  async add(work: Promise<void>): Promise<void> {
    this.running.push(
      work.catch((error: unknown) => {
        this.failure ??= { error };
      }),
    );
    while (this.running.length >= this.depth) await this.running.shift();
    this.rethrow();
  }

  /** Every batch finished; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.rethrow();
  }

  /** Every batch finished or failed (after the run itself failed: its error is the one to report). */
  async settle(): Promise<void> {
    await Promise.all(this.running.splice(0));
  }

  private rethrow(): void {
    if (this.failure) throw this.failure.error;
  }
}
