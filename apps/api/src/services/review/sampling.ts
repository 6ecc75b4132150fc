import { randomInt } from 'node:crypto';
import type { DbTx } from '@kura/db';
import type { AppContext } from '../../context.ts';
import type { AuditContext } from '../audit/events.ts';
import { openItemInTx } from './open-item.ts';

const RANGE = 2 ** 32;

/** True with probability `rate` (0 never, 1 always), from the OS's randomness. */
export function drawSample(rate: number): boolean {
  return randomInt(0, RANGE) < rate * RANGE;
}

/**
 * Random sampling of newly ingested calls (config.sampleRate): a sampled call gets a review item
 * marked 'sample', unless it already has an open one. Runs in the ingest transaction, before its
 * audit event.
 */
export async function sampleIngestedCall(
  ctx: AppContext,
  tx: DbTx,
  audit: AuditContext,
  call: { id: string; ref: string },
): Promise<string | undefined> {
  if (!drawSample(ctx.config.sampleRate)) return undefined;
  return openItemInTx(tx, audit, { callId: call.id, callRef: call.ref, source: 'sample', openedBy: null, note: null }, ctx.now());
}

/** Opens a sampled item for the call now, without a draw (the demo's sampled calls). */
export async function openSampledItem(
  ctx: AppContext,
  audit: AuditContext,
  call: { id: string; ref: string },
): Promise<string | undefined> {
  return ctx.db
    .transaction()
    .execute((tx) =>
      openItemInTx(tx, audit, { callId: call.id, callRef: call.ref, source: 'sample', openedBy: null, note: null }, ctx.now()),
    );
}
