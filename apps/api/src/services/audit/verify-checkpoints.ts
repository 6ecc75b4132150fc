import type { AuditCheckpointDto, AuditVerifyResponse, CheckpointStanding, LatestCheckpointResponse } from '@kura/contracts';
import type { AppContext } from '../../context.ts';
import { chainHead, hashesAt } from '../../repositories/db/audit-repo.ts';
import type { ObjectStore } from '../../repositories/object-store.ts';
import {
  checkpointVerifyingKeys,
  listCheckpointKeys,
  readCheckpoint,
  type CheckedCheckpoint,
  type CheckpointReadFailure,
} from './checkpoint-objects.ts';
import { recordAudit } from './audit-log.ts';
import type { AuditContext } from './events.ts';
import { verifyChain } from './verify-chain.ts';

export interface CheckpointFailure {
  key: string;
  /** The seq the checkpoint signs, when it could be read. */
  seq: number | null;
  reason: CheckpointReadFailure | 'truncated' | 'rewritten';
  message: string;
}

export interface CheckpointVerification {
  /** The chain walks from genesis without a break and extends every checkpoint in the bucket. */
  intact: boolean;
  chain: AuditVerifyResponse;
  /** The newest seq in the database (0 when the table is empty). */
  head: number;
  checkpoints: { checked: number; failed: number; failures: CheckpointFailure[]; newest: { key: string; seq: number } | null };
}

const READ_CONCURRENCY = 8;

/** Reads and checks every key, a few at a time, keeping their order. */
async function readAll(ctx: AppContext, keys: string[]): Promise<CheckedCheckpoint[]> {
  const publicKeys = await checkpointVerifyingKeys(ctx);
  const out: CheckedCheckpoint[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      out[i] = await readCheckpoint(ctx.store, keys[i]!, publicKeys);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, keys.length) }, worker));
  return out;
}

/** Where a well-signed checkpoint stands against the rows in the database now. */
function standingOf(seq: number, hash: string, head: number, hashes: Map<number, string>): Exclude<CheckpointStanding, 'bad_signature'> {
  if (seq > head) return 'truncated';
  return hashes.get(seq) === hash ? 'extends' : 'rewritten';
}

/**
 * Proves the chain in the database extends every checkpoint in the bucket: each one's signature
 * holds under a key Kura has used, the row at its seq exists and has the signed hash, and the
 * chain walks from genesis to its head without a break. Catches what the walk alone cannot: the
 * newest events cut off, or the whole chain rewritten with recomputed hashes.
 */
export async function verifyCheckpoints(ctx: AppContext): Promise<CheckpointVerification> {
  const checked = await readAll(ctx, await listCheckpointKeys(ctx.store));
  const chain = await verifyChain(ctx.db);
  const head = (await chainHead(ctx.db))?.seq ?? 0;
  const good = checked.filter((c): c is Extract<CheckedCheckpoint, { ok: true }> => c.ok);
  const hashes = await hashesAt(
    ctx.db,
    good.map((c) => c.payload.seq),
  );
  const failures: CheckpointFailure[] = [];
  for (const c of checked) {
    if (!c.ok) {
      failures.push({ key: c.key, seq: c.payload?.seq ?? null, reason: c.reason, message: c.message });
      continue;
    }
    const { seq, hash } = c.payload;
    const standing = standingOf(seq, hash, head, hashes);
    if (standing === 'truncated') {
      failures.push({
        key: c.key,
        seq,
        reason: 'truncated',
        message: `the chain ends at seq ${head}, before this checkpoint's seq ${seq}`,
      });
    } else if (standing === 'rewritten') {
      const found = hashes.get(seq);
      failures.push({
        key: c.key,
        seq,
        reason: 'rewritten',
        message: found
          ? `the event at seq ${seq} has hash ${found.slice(0, 16)}…, the checkpoint signed ${hash.slice(0, 16)}…`
          : `there is no event at seq ${seq}`,
      });
    }
  }
  const newest = good.at(-1);
  return {
    intact: chain.intact && failures.length === 0,
    chain,
    head,
    checkpoints: {
      checked: checked.length,
      failed: failures.length,
      failures,
      newest: newest ? { key: newest.key, seq: newest.payload.seq } : null,
    },
  };
}

export interface OperatorVerification {
  intact: boolean;
  chain: AuditVerifyResponse;
  /** Only when asked to check the checkpoints too. */
  checkpoints: CheckpointVerification['checkpoints'] | null;
}

/** `pnpm kura audit verify [--checkpoints]`: the checks, then their answer put on the record. */
export async function verifyForOperator(
  ctx: AppContext,
  audit: AuditContext,
  opts: { checkpoints: boolean },
): Promise<OperatorVerification> {
  let chain: AuditVerifyResponse;
  let checkpoints: CheckpointVerification['checkpoints'] | null = null;
  if (opts.checkpoints) {
    const r = await verifyCheckpoints(ctx);
    chain = r.chain;
    checkpoints = r.checkpoints;
  } else {
    chain = await verifyChain(ctx.db);
  }
  const intact = chain.intact && (checkpoints?.failed ?? 0) === 0;
  // Recorded after the checks, so the answer covers the chain as it stood when asked.
  await recordAudit(
    ctx.db,
    audit,
    {
      action: 'audit.verified',
      subject: { type: 'audit_chain', id: '*' },
      details: {
        intact,
        events: chain.events,
        ...(chain.intact ? {} : { firstBrokenSeq: chain.firstBrokenSeq }),
        ...(checkpoints ? { checkpoints: { checked: checkpoints.checked, failed: checkpoints.failed } } : {}),
      },
    },
    ctx.now(),
  );
  return { intact, chain, checkpoints };
}

// Per store: the newest checkpoint key seen, so the console's question lists only what is newer.
const newestKey = new WeakMap<ObjectStore, string>();

async function newestCheckpointKey(store: ObjectStore): Promise<string | null> {
  const known = newestKey.get(store);
  const newer = await listCheckpointKeys(store, known);
  const key = newer.at(-1) ?? known ?? null;
  if (key) newestKey.set(store, key);
  return key;
}

/**
 * The newest checkpoint object and whether it holds: its signature, and the row at its seq in the
 * chain as it is now (the full walk is the auditor's "verify" button). Not itself audited: it shows
 * no personal data, and the console asks for it on every visit to the audit page.
 */
export async function latestCheckpoint(ctx: AppContext): Promise<LatestCheckpointResponse> {
  const everyMinutes = ctx.config.checkpointMinutes;
  let key = await newestCheckpointKey(ctx.store);
  if (!key) return { checkpoint: null, everyMinutes };
  let c = await readCheckpoint(ctx.store, key, await checkpointVerifyingKeys(ctx));
  if (!c.ok && c.reason === 'missing') {
    // Deleted since this process last looked (a bucket without Object Lock): look again from scratch.
    newestKey.delete(ctx.store);
    key = await newestCheckpointKey(ctx.store);
    if (!key) return { checkpoint: null, everyMinutes };
    c = await readCheckpoint(ctx.store, key, await checkpointVerifyingKeys(ctx));
  }
  let dto: AuditCheckpointDto;
  if (c.ok) {
    const head = (await chainHead(ctx.db))?.seq ?? 0;
    const hashes = await hashesAt(ctx.db, [c.payload.seq]);
    const { seq, hash, occurredAt, at } = c.payload;
    dto = { key, seq, hash, occurredAt, at, keyId: c.keyId, standing: standingOf(seq, hash, head, hashes) };
  } else {
    const p = c.payload;
    dto = {
      key,
      seq: p?.seq ?? null,
      hash: p?.hash ?? null,
      occurredAt: p?.occurredAt ?? null,
      at: p?.at ?? null,
      keyId: null,
      standing: 'bad_signature',
    };
  }
  return { checkpoint: dto, everyMinutes };
}
