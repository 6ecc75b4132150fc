import type { Db, DbTx } from '@kura/db';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../lib/errors.ts';
import { countAuditAppend } from '../../lib/metrics.ts';
import { chainHead, insertEvents, insertEventsLocked, lockChain, type NewAuditEventRow } from '../../repositories/db/audit-repo.ts';
import type { AuditContext, AuditEventInput } from './events.ts';
import { GENESIS_HASH, eventHash } from './hash.ts';

/**
 * Appends one event to the hash chain inside the caller's transaction: it commits with the
 * change it records, or not at all.
 */
export async function appendAudit(tx: DbTx, ctx: AuditContext, event: AuditEventInput, now: Date): Promise<number> {
  const [seq] = await appendBatch(tx, [{ ctx, event, now }]);
  return seq!;
}

/**
 * Appends several events, in this order, inside the caller's transaction: one chain lock, one
 * head, one INSERT for all of them instead of a lock, a head and an insert each. For a batch job
 * that records one event per item it changes (the retention job); like appendAudit, they commit
 * with the changes they record, or not at all.
 */
export async function appendAuditBatch(tx: DbTx, ctx: AuditContext, events: readonly AuditEventInput[], now: Date): Promise<number[]> {
  if (events.length === 0) return [];
  return appendBatch(
    tx,
    events.map((event) => ({ ctx, event, now })),
  );
}

interface Append {
  ctx: AuditContext;
  event: AuditEventInput;
  now: Date;
}

type Head = { seq: number; hash: string; occurred_at: Date };

/** Under the chain lock: links the events after the head in order, inserts them in one statement. */
async function appendBatch(tx: DbTx, events: Append[]): Promise<number[]> {
  return (await appendRows(tx, events)).map((r) => r.seq);
}

async function appendRows(tx: DbTx, events: Append[]): Promise<NewAuditEventRow[]> {
  await lockChain(tx);
  const rows = linkEvents(await chainHead(tx), events);
  await insertEvents(tx, rows);
  counted(rows);
  return rows;
}

/** The chain rows for these events after `head`, each linked to the one before. */
function linkEvents(head: Head | undefined, events: Append[]): NewAuditEventRow[] {
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS_HASH;
  let lastAt = head?.occurred_at ?? null;
  const rows: NewAuditEventRow[] = [];
  for (const { ctx, event, now } of events) {
    seq += 1;
    // The clock was read before we waited for the lock: never let time run backwards along the chain.
    const occurredAt = lastAt && lastAt > now ? lastAt : now;
    const purpose = 'purpose' in event ? event.purpose : null;
    const fields = {
      seq,
      occurredAt,
      actorType: ctx.actor.type,
      actorId: ctx.actor.id,
      action: event.action,
      subjectType: event.subject.type,
      subjectId: event.subject.id,
      purpose,
      requestId: ctx.requestId ?? null,
      details: event.details,
    };
    const hash = eventHash(prevHash, fields);
    rows.push({
      seq,
      occurred_at: occurredAt,
      actor_type: ctx.actor.type,
      actor_id: ctx.actor.id,
      action: event.action,
      subject_type: event.subject.type,
      subject_id: event.subject.id,
      purpose,
      request_id: fields.requestId,
      details: event.details,
      prev_hash: prevHash,
      hash,
    });
    prevHash = hash;
    lastAt = occurredAt;
  }
  return rows;
}

interface Waiting extends Append {
  resolve(seq: number): void;
  reject(err: unknown): void;
}

// Group commit: events that record nothing else (reads) wait while one batch is committing, then
// go together in the next transaction: one lock, one head, one INSERT, one WAL flush for all of
// them. Each caller still resumes only after its own event is durable, so audit-before-bytes holds;
// a lone caller goes at once and waits for nothing.
//
// The head this process last committed is remembered: while it is still the head, a batch is one
// statement (lock, check the head, INSERT, committed on its own), one round trip instead of five.
// If the head moved (another writer appended, or a superuser cut the tail off), the statement
// inserts nothing or the primary key on seq refuses it, and the batch goes again the long way,
// reading the head under the lock.
const MAX_BATCH = 256;
interface Queue {
  waiting: Waiting[];
  flushing: boolean;
  head: Head | null;
  /** After a miss (another writer is busy too) the short way is not tried again for a while. */
  shortWayAfter: number;
}
const SHORT_WAY_PAUSE_MS = 1000;
const queues = new WeakMap<Db, Queue>();

/** For reads and other events that record no other change: committed on its own (or grouped). */
export function recordAudit(db: Db, ctx: AuditContext, event: AuditEventInput, now: Date): Promise<number> {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = { waiting: [], flushing: false, head: null, shortWayAfter: 0 }));
  const queue = q;
  return new Promise<number>((resolve, reject) => {
    queue.waiting.push({ ctx, event, now, resolve, reject });
    if (!queue.flushing) void flush(db, queue);
  });
}

async function commitBatch(db: Db, q: Queue, batch: Append[]): Promise<number[]> {
  if (q.head && Date.now() >= q.shortWayAfter) {
    const rows = linkEvents(q.head, batch);
    try {
      if (await insertEventsLocked(db, q.head, rows)) {
        counted(rows);
        q.head = headOf(rows);
        return rows.map((r) => r.seq);
      }
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') {
        q.head = null;
        throw err;
      }
    }
    // Another writer appended since: read the head under the lock, and for a while go that way
    // at once rather than pay for a miss on every batch.
    q.shortWayAfter = Date.now() + SHORT_WAY_PAUSE_MS;
  }
  const rows = await db.transaction().execute((tx) => appendRows(tx, batch));
  q.head = headOf(rows);
  return rows.map((r) => r.seq);
}

function counted(rows: readonly NewAuditEventRow[]): void {
  for (const r of rows) countAuditAppend(r.action);
}

function headOf(rows: NewAuditEventRow[]): Head {
  const last = rows[rows.length - 1]!;
  return { seq: last.seq, hash: last.hash, occurred_at: last.occurred_at };
}

async function flush(db: Db, q: Queue): Promise<void> {
  q.flushing = true;
  try {
    while (q.waiting.length) {
      const batch = q.waiting.splice(0, MAX_BATCH);
      try {
        const seqs = await commitBatch(db, q, batch);
        batch.forEach((w, i) => w.resolve(seqs[i]!));
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.reject(err);
          continue;
        }
        // One bad event must not refuse its neighbours' reads: each goes again on its own.
        for (const w of batch) {
          try {
            w.resolve((await commitBatch(db, q, [w]))[0]!);
          } catch (e) {
            w.reject(e);
          }
        }
      }
    }
  } finally {
    q.flushing = false;
  }
}

/**
 * recordAudit for a read that must not happen unrecorded (DESIGN.md rule 2): if the event cannot
 * be written, the caller gets 503 audit_unavailable and serves nothing.
 */
export async function recordAuditOrRefuse(db: Db, logger: Logger, ctx: AuditContext, event: AuditEventInput, now: Date): Promise<number> {
  try {
    return await recordAudit(db, ctx, event, now);
  } catch (err) {
    logger.error({ err }, 'audit write failed; refusing to serve');
    throw new AppError(503, 'audit_unavailable', 'the access could not be recorded, so nothing was served');
  }
}
