import type { DbOrTx } from '@kura/db';
import {
  recordingIdsAfter,
  recordingIdsOfCall,
  recordingIdsOfUser,
  retentionFacts,
  writeClipTimers,
  writeRetentionTimers,
} from '../../repositories/db/retention-timers-repo.ts';
import { retentionTimer } from './policy.ts';
import { loadRetentionSettings } from './retention-settings.ts';

const BATCH = 500;

/**
 * Sets retain_until and retention_reason of these recordings (and the timers of their shared
 * packets' clips) from what is true now: flags, decisions, holds, packets, user events, settings.
 * Call it inside the transaction that changed any of those, so a timer is never stale once the
 * change is visible. 'all' walks every recording in batches (after a settings change).
 * Expired recordings and those being expired are left alone. `now` only stamps updated_at.
 */
export async function recomputeRetention(db: DbOrTx, recordingIds: readonly string[] | 'all', now: Date = new Date()): Promise<void> {
  const settings = await loadRetentionSettings(db);
  const apply = async (ids: readonly string[]) => {
    const facts = await retentionFacts(db, ids);
    const timers = facts.map((f) => ({
      id: f.id,
      ...retentionTimer(
        {
          callEndedAt: f.call_ended_at,
          uploadedAt: f.uploaded_at,
          lastFlagOrDecisionAt: f.last_flag_or_decision_at,
          held: f.held,
          inPacket: f.in_packet,
          withdrawnAt: f.withdrawn_at,
          deletionRequestedAt: f.deletion_requested_at,
        },
        settings,
      ),
    }));
    await writeRetentionTimers(db, timers, now);
    await writeClipTimers(db, ids, settings.packetClipDays, now);
  };
  if (recordingIds !== 'all') {
    const unique = [...new Set(recordingIds)];
    for (let i = 0; i < unique.length; i += BATCH) await apply(unique.slice(i, i + BATCH));
    return;
  }
  let after: string | null = null;
  for (;;) {
    const ids = await recordingIdsAfter(db, after, BATCH);
    if (ids.length === 0) return;
    await apply(ids);
    after = ids[ids.length - 1]!;
  }
}

/** After a change to a call (a decision): every recording of that call. */
export async function recomputeRetentionForCall(db: DbOrTx, callId: string, now?: Date): Promise<void> {
  await recomputeRetention(db, await recordingIdsOfCall(db, callId), now);
}

/** After a user event (withdrawal, deletion request): every recording of that platform user. */
export async function recomputeRetentionForUser(db: DbOrTx, userId: string, now?: Date): Promise<void> {
  await recomputeRetention(db, await recordingIdsOfUser(db, userId), now);
}
