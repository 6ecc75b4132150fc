import type { DbOrTx } from '@kura/db';
import type { AuditVerifyResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { eventsAfter } from '../../repositories/db/audit-repo.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { recordAudit } from './audit-log.ts';
import { GENESIS_HASH, eventHash } from './hash.ts';

/** A point on the chain whose hash is trusted: genesis, or a signed checkpoint. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export const GENESIS: ChainAnchor = { seq: 0, hash: GENESIS_HASH };

/** The result of a walk, with the last row it verified (the anchor itself when it verified none). */
export type ChainWalk = AuditVerifyResponse & { last: ChainAnchor & { occurredAt: Date | null } };

/**
 * Walks the chain in seq order from `from` (exclusive) up to `until` (inclusive; the end when
 * absent), in pages, and names the first row that does not fit.
 */
export async function walkChain(db: DbOrTx, from: ChainAnchor, opts: { until?: number; pageSize?: number } = {}): Promise<ChainWalk> {
  const pageSize = opts.pageSize ?? 1000;
  const until = opts.until ?? Number.MAX_SAFE_INTEGER;
  let expectedSeq = from.seq + 1;
  let last: ChainWalk['last'] = { ...from, occurredAt: null };
  // `events` counts from genesis: the chain holds that many verified events up to the break.
  const broken = (seq: number): ChainWalk => ({ intact: false, firstBrokenSeq: seq, events: expectedSeq - 1, last });
  for (;;) {
    if (expectedSeq > until) return { intact: true, events: last.seq, last };
    const page = await eventsAfter(db, expectedSeq - 1, Math.min(pageSize, until - expectedSeq + 1));
    if (page.length === 0) return { intact: true, events: last.seq, last };
    for (const row of page) {
      // A gap means a row was deleted: the missing seq is the first broken one.
      if (row.seq !== expectedSeq) return broken(expectedSeq);
      const recomputed = eventHash(last.hash, {
        seq: row.seq,
        occurredAt: row.occurred_at,
        actorType: row.actor_type,
        actorId: row.actor_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        purpose: row.purpose,
        requestId: row.request_id,
        details: row.details,
      });
      if (row.prev_hash !== last.hash || row.hash !== recomputed) return broken(row.seq);
      last = { seq: row.seq, hash: row.hash, occurredAt: row.occurred_at };
      expectedSeq += 1;
    }
  }
}

/** Walks the whole chain from genesis and names the first row that does not fit. */
export async function verifyChain(db: DbOrTx, pageSize = 1000): Promise<AuditVerifyResponse> {
  const walk = await walkChain(db, GENESIS, { pageSize });
  return walk.intact ? { intact: true, events: walk.events } : { intact: false, firstBrokenSeq: walk.firstBrokenSeq, events: walk.events };
}

/** The auditor's "verify" button: walks the chain, then puts the answer itself on the record. */
export async function verifyChainForStaff(ctx: AppContext, staff: StaffPrincipal, requestId: string): Promise<AuditVerifyResponse> {
  const result = await verifyChain(ctx.db);
  // Recorded after the walk, so the answer covers the chain as it stood when asked.
  await recordAudit(
    ctx.db,
    { actor: { type: 'staff', id: staff.userId }, requestId },
    {
      action: 'audit.verified',
      subject: { type: 'audit_chain', id: '*' },
      details: result.intact
        ? { intact: true, events: result.events }
        : { intact: false, events: result.events, firstBrokenSeq: result.firstBrokenSeq },
    },
    ctx.now(),
  );
  return result;
}
