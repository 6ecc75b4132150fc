import type { Db, DbTx } from '@kura/db';
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
  const purpose = 'purpose' in event ? event.purpose : null;
  const fields = {
    seq,
    occurredAt: now,
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
    occurred_at: now,
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
  return seq;
}

/** For reads and other events that record no other change: its own short transaction. */
export async function recordAudit(db: Db, ctx: AuditContext, event: AuditEventInput, now: Date): Promise<number> {
  return db.transaction().execute((tx) => appendAudit(tx, ctx, event, now));
}
