import { createHash } from 'node:crypto';
import { canonicalJsonBytes } from '@kura/vault';
import type { Db } from '@kura/db';
import type { AppContext } from '../../context.ts';
import { chainedRuns, finishRun, lastReceipt } from '../../repositories/db/retention-runs-repo.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { signDocument, verifySignedDocument } from '../signing/signed-document.ts';
import { publishedSigningKeys } from '../signing/published-keys.ts';

// Deletion receipts (DESIGN.md "Retention"): each real run's report, chained to the previous
// run's receipt by hash and signed with the key ring's signing key, so an auditor can show what
// was destroyed, when and why, and that no receipt was dropped or altered since.

export const RETENTION_RECEIPT_TYPE = 'kura.retention-receipt/v1';

export interface RunReport {
  runId: string;
  dryRun: boolean;
  triggeredBy: string;
  startedAt: string;
  finishedAt: string;
  scanned: number;
  /** Recordings expired (dry run: that would be). */
  expired: number;
  clipsExpired: number;
  bytesFreed: number;
  heldBack: { counts: Record<string, number>; sample: Record<string, string[]> };
  errors: { stage: string; recordingIds?: string[]; clipIds?: string[]; message: string; attempts: number }[];
  destroyed: {
    objectId: string;
    kind: string;
    recordingId: string;
    packetId: string | null;
    sha256: string | null;
    plaintextBytes: number | null;
    storedBytes: number | null;
    reason: string;
  }[];
  deletionRequests: { done: string[]; refused: { id: string; reason: string }[] };
}

export interface ReceiptPayload {
  type: typeof RETENTION_RECEIPT_TYPE;
  seq: number;
  /** The receipt hash of run seq - 1; null for the first run. */
  previousReceiptHash: string | null;
  report: RunReport;
  [key: string]: unknown;
}

/** SHA-256 (hex) of the payload's canonical JSON: what the next receipt names as its previous. */
export function receiptHash(payload: unknown): string {
  return createHash('sha256').update(canonicalJsonBytes(payload)).digest('hex');
}

/**
 * Closes the run: a dry run just records its report; a real run gets the next place in the chain,
 * a signed receipt and an audit event. Runs under the retention lock, so places never collide.
 */
export async function sealRun(ctx: AppContext, db: Db, runId: string, report: RunReport): Promise<string | null> {
  const base = {
    status: 'done' as const,
    finishedAt: new Date(report.finishedAt),
    scanned: report.scanned,
    expired: report.expired,
    bytesFreed: report.bytesFreed,
    heldBack: report.heldBack,
    errors: report.errors,
  };
  if (report.dryRun) {
    await db
      .transaction()
      .execute((tx) =>
        finishRun(tx, runId, { ...base, seq: null, receipt: { type: 'kura.retention-dry-run/v1', report }, receiptHash: null }),
      );
    return null;
  }
  const previous = await lastReceipt(db);
  const payload: ReceiptPayload = {
    type: RETENTION_RECEIPT_TYPE,
    seq: (previous?.seq ?? 0) + 1,
    previousReceiptHash: previous?.receipt_hash ?? null,
    report,
  };
  const signed = await signDocument(ctx, payload);
  const hash = receiptHash(payload);
  await db.transaction().execute(async (tx) => {
    await finishRun(tx, runId, { ...base, seq: payload.seq, receipt: signed as unknown as Record<string, unknown>, receiptHash: hash });
    await appendAudit(
      tx,
      { actor: { type: 'system', id: 'retention' } },
      {
        action: 'retention.ran',
        subject: { type: 'retention_run', id: runId },
        details: {
          seq: payload.seq,
          receiptHash: hash,
          expired: report.expired,
          clipsExpired: report.clipsExpired,
          bytesFreed: report.bytesFreed,
          heldBack: report.heldBack.counts,
          errors: report.errors.length,
          deletionRequests: { done: report.deletionRequests.done.length, refused: report.deletionRequests.refused.length },
        },
      },
      ctx.now(),
    );
  });
  return hash;
}

export type ReceiptCheck =
  | { ok: true; runs: number; headHash: string | null }
  | { ok: false; runs: number; firstBad: { runId: string; seq: number; problem: string } };

/** Walks the chain from seq 1: contiguous places, each naming its predecessor, hashes and signatures good. */
export async function verifyReceipts(ctx: AppContext): Promise<ReceiptCheck> {
  const keys = await publishedSigningKeys(ctx);
  const runs = await chainedRuns(ctx.db);
  let previous: string | null = null;
  for (const [i, run] of runs.entries()) {
    const seq = run.seq!;
    const bad = (problem: string): ReceiptCheck => ({ ok: false, runs: runs.length, firstBad: { runId: run.id, seq, problem } });
    if (seq !== i + 1) return bad(`expected place ${i + 1} in the chain, found ${seq} (a receipt is missing)`);
    const doc = run.receipt as { payload?: Partial<ReceiptPayload> } | null;
    if (!doc?.payload) return bad('no receipt');
    const check = verifySignedDocument(doc, keys, { type: RETENTION_RECEIPT_TYPE });
    if (!check.ok) return bad(`signature: ${check.message}`);
    if (doc.payload.seq !== seq) return bad(`the receipt says place ${String(doc.payload.seq)}`);
    if (doc.payload.report?.runId !== run.id) return bad('the receipt is for another run');
    if (doc.payload.previousReceiptHash !== previous) return bad('does not name the previous receipt');
    const hash = receiptHash(doc.payload);
    if (hash !== run.receipt_hash) return bad('the stored receipt hash does not match the receipt');
    previous = hash;
  }
  return { ok: true, runs: runs.length, headHash: previous };
}
