import type { Db, DbTx } from '@kura/db';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../lib/errors.ts';
import { countAuditAppend } from '../../lib/metrics.ts';
import { chainHead, insertEvent, lockChain } from '../../repositories/db/audit-repo.ts';
import type { AuditContext, AuditEventInput } from './events.ts';
import { GENESIS_HASH, eventHash } from './hash.ts';

/**
 * Appends one event to the hash chain inside the caller's transaction: it commits with the
 * change it records, or not at all.
 */
export async function appendAudit(tx: DbTx, ctx: AuditContext, event: AuditEventInput, now: Date): Promise<number> {
  await lockChain(tx);
  const head = await chainHead(tx);
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  // The clock was read before we waited for the lock: never let time run backwards along the chain.
  const occurredAt = head && head.occurred_at > now ? head.occurred_at : now;
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
  await insertEvent(tx, {
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
  countAuditAppend(event.action);
  return seq;
}

/** For reads and other events that record no other change: its own short transaction. */
export async function recordAudit(db: Db, ctx: AuditContext, event: AuditEventInput, now: Date): Promise<number> {
  return db.transaction().execute((tx) => appendAudit(tx, ctx, event, now));
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
