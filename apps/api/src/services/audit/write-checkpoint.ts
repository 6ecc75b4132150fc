import { AUDIT_CHECKPOINT_TYPE, type AuditCheckpointPayload } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { chainHead, countEventsAfterExcept, hashesAt } from '../../repositories/db/audit-repo.ts';
import type { ObjectStore } from '../../repositories/object-store.ts';
import { signDocument } from '../signing/signed-document.ts';
import { recordAudit } from './audit-log.ts';
import {
  checkpointKey,
  checkpointVerifyingKeys,
  listCheckpointKeys,
  readCheckpoint,
  serializeCheckpoint,
  type CheckpointDocument,
} from './checkpoint-objects.ts';
import { GENESIS, walkChain, type ChainAnchor } from './verify-chain.ts';

export type CheckpointTrigger = 'schedule' | 'cli';

export type CheckpointOutcome =
  | { status: 'written'; key: string; document: CheckpointDocument; retained: boolean }
  /** Scheduled, and nothing but the last checkpoint's own record was added since it. */
  | { status: 'unchanged'; seq: number }
  | { status: 'empty' }
  /** The chain no longer extends the last checkpoint: signing its head would vouch for a rewrite. */
  | { status: 'refused'; reason: 'truncated' | 'rewritten' | 'broken'; message: string; checkpointKey: string | null };

interface Anchor extends ChainAnchor {
  key: string;
}

// Per store (one per process): the newest checkpoint this process knows to be good, so that a
// run lists only what is newer than it (another process may have written one since).
const lastGood = new WeakMap<ObjectStore, Anchor>();

/** The newest checkpoint in the bucket whose signature holds; forged or damaged ones are skipped (and logged). */
async function latestGoodCheckpoint(ctx: AppContext): Promise<Anchor | null> {
  const known = lastGood.get(ctx.store);
  const newer = await listCheckpointKeys(ctx.store, known?.key);
  if (newer.length === 0) return known ?? null;
  const publicKeys = await checkpointVerifyingKeys(ctx);
  for (const key of newer.reverse()) {
    const c = await readCheckpoint(ctx.store, key, publicKeys);
    if (c.ok) {
      const anchor = { key, seq: c.payload.seq, hash: c.payload.hash };
      lastGood.set(ctx.store, anchor);
      return anchor;
    }
    ctx.logger.error({ key, reason: c.reason, detail: c.message }, 'an audit checkpoint in the bucket does not verify; ignoring it');
  }
  return known ?? null;
}

/**
 * Signs the audit chain's head and writes it outside the database: to the bucket (with Object
 * Lock retention where the bucket has it) and to the log. The chain must first extend the last
 * good checkpoint, row by row; otherwise nothing is signed and the refusal is logged as an error.
 * The checkpoint is then recorded in the chain itself ('audit.checkpointed'). That record moves
 * the head, so a scheduled run that finds nothing else new since the last checkpoint skips.
 */
export async function writeCheckpoint(ctx: AppContext, trigger: CheckpointTrigger): Promise<CheckpointOutcome> {
  const head = await chainHead(ctx.db);
  if (!head) return { status: 'empty' };
  const last = await latestGoodCheckpoint(ctx);

  const refuse = (reason: 'truncated' | 'rewritten' | 'broken', message: string): CheckpointOutcome => {
    ctx.logger.error({ reason, checkpoint: last?.key ?? null, head: head.seq }, `audit chain: ${message}; no checkpoint signed`);
    return { status: 'refused', reason, message, checkpointKey: last?.key ?? null };
  };
  if (last) {
    if (head.seq < last.seq) return refuse('truncated', `the chain ends at seq ${head.seq}, before the last checkpoint's seq ${last.seq}`);
    const atCheckpoint = (await hashesAt(ctx.db, [last.seq])).get(last.seq);
    if (atCheckpoint !== last.hash) return refuse('rewritten', `the event at seq ${last.seq} is not the one the last checkpoint signed`);
    if (trigger === 'schedule' && (await countEventsAfterExcept(ctx.db, last.seq, 'audit.checkpointed')) === 0) {
      return { status: 'unchanged', seq: last.seq };
    }
  }
  const walk = await walkChain(ctx.db, last ?? GENESIS, { until: head.seq });
  if (!walk.intact) return refuse('broken', `the chain breaks at seq ${walk.firstBrokenSeq}`);
  if (walk.last.seq !== head.seq) return refuse('broken', `the chain ends before seq ${head.seq}`);
  // Nothing after the last checkpoint to walk: the head is the row already checked against it.
  const occurredAt = walk.last.occurredAt ?? head.occurred_at;

  const at = ctx.now();
  const payload: AuditCheckpointPayload = {
    type: AUDIT_CHECKPOINT_TYPE,
    seq: walk.last.seq,
    hash: walk.last.hash,
    occurredAt: occurredAt.toISOString(),
    at: at.toISOString(),
  };
  const document = await signDocument(ctx, payload);
  const key = checkpointKey(payload.seq, at);
  await ctx.store.putSmall(key, serializeCheckpoint(document), 'application/json');
  const retainUntil = new Date(at.getTime() + ctx.config.checkpointRetainDays * 86_400_000);
  const retention = await ctx.store.retain(key, retainUntil);
  if (retention === 'unsupported') {
    ctx.logger.warn(
      { bucket: ctx.store.bucket },
      'the bucket has no Object Lock: audit checkpoints are written without retention (once per process)',
    );
  }
  const retained = retention === 'retained';
  ctx.logger.info({ checkpoint: document, key, retained, trigger }, 'audit checkpoint');
  lastGood.set(ctx.store, { key, seq: payload.seq, hash: payload.hash });

  await recordAudit(
    ctx.db,
    { actor: { type: 'system', id: trigger === 'cli' ? 'cli' : 'scheduler' } },
    {
      action: 'audit.checkpointed',
      subject: { type: 'audit_chain', id: '*' },
      details: { seq: payload.seq, hash: payload.hash, key, keyId: document.signature.keyId, retained, trigger },
    },
    ctx.now(),
  );
  return { status: 'written', key, document, retained };
}
