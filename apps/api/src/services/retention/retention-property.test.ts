import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHarness } from '../../../../../test/support/harness.ts';
import { listKeys } from '../../../../../test/support/media.ts';
import { seedItem } from '../../../../../test/support/review.ts';
import { createStaff } from '../../../../../test/support/staff.ts';
import { recomputeRetention } from './recompute.ts';
import { runRetention } from './run-retention.ts';

// Property: over random recordings, flags, decisions, holds, open reviews, packets and links,
// withdrawals, deletion requests and clocks, a run expires exactly the recordings whose timer (per
// DESIGN.md, computed here independently) has run out and that nothing blocks, and a second run
// expires nothing more. Every time is a whole number of days from T0 (less an hour for call ends),
// and the run happens at a half day, so no timer ties with the run's clock. Batches are of 1 to 3
// recordings, so several are usually in flight at once.

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const recordingSpec = fc.record({
  callEndedDaysAgo: fc.integer({ min: 0, max: 60 }),
  flagDaysAgo: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
  decisionDaysAgo: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
  hold: fc.boolean(),
  openReview: fc.boolean(),
  packet: fc.constantFrom('none', 'unshared', 'live_link', 'revoked_link', 'lapsed_link'),
  withdrawnDaysAgo: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
  deletionRequestDaysAgo: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
});
type Spec = typeof recordingSpec extends fc.Arbitrary<infer T> ? T : never;

/** DESIGN.md "Retention", stated again without the code under test. */
function expectedTimer(s: Spec, t0: number): number {
  const callEnd = t0 - s.callEndedDaysAgo * DAY - HOUR;
  let t = callEnd + 30 * DAY;
  const acted = [s.flagDaysAgo, s.decisionDaysAgo].filter((d): d is number => d !== null).map((d) => t0 - d * DAY);
  if (acted.length > 0) t = Math.max(t, Math.max(...acted) + 180 * DAY);
  else if (s.withdrawnDaysAgo !== null && !s.hold && s.packet === 'none') t = Math.min(t, t0 - s.withdrawnDaysAgo * DAY + 7 * DAY);
  if (s.deletionRequestDaysAgo !== null) t = Math.min(t, t0 - s.deletionRequestDaysAgo * DAY);
  return t;
}

const blocked = (s: Spec) => s.hold || s.openReview || s.packet === 'live_link';

describe('retention property', () => {
  it('a run expires exactly the due, unblocked recordings; a second run nothing more', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordingSpec, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 250 }),
        // Small batches too, so that several are in flight at once (blocked rows among them).
        fc.integer({ min: 1, max: 3 }),
        async (specs, runAfterDays, batchSize) => {
          const h = await createHarness();
          try {
            const staff = await createStaff(h, ['lead']);
            const t0 = h.ctx.now().getTime();
            const ids: string[] = [];
            for (const s of specs) ids.push(await seed(h, staff.userId, s, t0));
            await recomputeRetention(h.ctx.db, 'all');
            h.advance(runAfterDays * DAY + 12 * HOUR);
            const runAt = t0 + runAfterDays * DAY + 12 * HOUR;
            const expected = ids.filter((_, i) => expectedTimer(specs[i]!, t0) <= runAt && !blocked(specs[i]!)).sort();
            const keysBefore = new Map(
              await Promise.all(
                ids.map(
                  async (id) =>
                    [
                      id,
                      (await h.ctx.db.selectFrom('recordings').select('object_key').where('id', '=', id).executeTakeFirstOrThrow())
                        .object_key,
                    ] as const,
                ),
              ),
            );

            const first = await runRetention(h.ctx, { triggeredBy: 'property', batchSize });
            if (first.status !== 'done') throw new Error('locked');
            const expired = (await h.ctx.db.selectFrom('recordings').select('id').where('state', '=', 'expired').execute())
              .map((r) => r.id)
              .sort();
            expect(expired).toEqual(expected);
            expect(first.report.errors).toEqual([]);
            const present = new Set(await listKeys(h));
            for (const id of ids) expect(present.has(keysBefore.get(id)!)).toBe(!expected.includes(id));

            const second = await runRetention(h.ctx, { triggeredBy: 'property', batchSize });
            if (second.status !== 'done') throw new Error('locked');
            expect(second.report.expired).toBe(0);
            expect(second.report.destroyed).toEqual([]);
          } finally {
            await h.close();
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

async function seed(h: Awaited<ReturnType<typeof createHarness>>, staffId: string, s: Spec, t0: number): Promise<string> {
  const callEnd = t0 - s.callEndedDaysAgo * DAY - HOUR;
  const item = await seedItem(h, { recording: true, reports: [], startedAt: new Date(callEnd - 5 * 60_000).toISOString() });
  const recordingId = item.recordingId!;
  const db = h.ctx.db;
  const call = await db
    .selectFrom('recordings as r')
    .innerJoin('calls as c', 'c.id', 'r.call_id')
    .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
    .select(['c.id as call_id', 'c.user_id', 'c.creator_id', 'cr.agency_id'])
    .where('r.id', '=', recordingId)
    .executeTakeFirstOrThrow();
  const at = (daysAgo: number) => new Date(t0 - daysAgo * DAY);
  if (s.flagDaysAgo !== null) {
    await db
      .insertInto('flags')
      .values({
        recording_id: recordingId,
        category: 'harassment',
        severity: 'medium',
        start_ms: 0,
        end_ms: 1000,
        author_id: staffId,
        created_at: at(s.flagDaysAgo),
        updated_at: at(s.flagDaysAgo),
      })
      .execute();
  }
  if (s.decisionDaysAgo !== null) {
    const item = await db
      .insertInto('review_items')
      .values({ call_id: call.call_id, status: 'closed', opened_at: at(s.decisionDaysAgo + 1), closed_at: at(s.decisionDaysAgo) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('decisions')
      .values({
        review_item_id: item.id,
        call_id: call.call_id,
        outcome: 'warn_user',
        rationale: 'seen',
        policy_version: 'p1',
        decided_by: staffId,
        decided_at: at(s.decisionDaysAgo),
      })
      .execute();
  }
  if (s.openReview)
    await db
      .insertInto('review_items')
      .values({ call_id: call.call_id, status: 'open', opened_at: at(0) })
      .execute();
  if (s.hold)
    await db
      .insertInto('legal_holds')
      .values({ recording_id: recordingId, reason: 'case', placed_by: staffId, placed_at: at(0) })
      .execute();
  if (s.packet !== 'none') {
    const packet = await db
      .insertInto('packets')
      .values({
        recording_id: recordingId,
        call_id: call.call_id,
        agency_id: call.agency_id,
        creator_id: call.creator_id,
        user_id: call.user_id,
        title: 't',
        summary: 's',
        author_id: staffId,
        created_at: at(0),
        privacy_policy_version: '2020-12-18',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (s.packet !== 'unshared') {
      await db
        .insertInto('share_links')
        .values({
          packet_id: packet.id,
          token_hash: randomBytes(16).toString('hex'),
          recipient_name: 'agency',
          expires_at: s.packet === 'lapsed_link' ? at(1) : at(-400),
          allow_download: false,
          created_by: staffId,
          created_at: at(2),
          ...(s.packet === 'revoked_link' ? { revoked_at: at(1), revoked_by: staffId } : {}),
        })
        .execute();
    }
  }
  if (s.withdrawnDaysAgo !== null) {
    await db
      .insertInto('user_events')
      .values({
        user_id: call.user_id,
        type: 'withdrawal',
        at: at(s.withdrawnDaysAgo),
        received_at: at(s.withdrawnDaysAgo),
        status: 'done',
      })
      .execute();
  }
  if (s.deletionRequestDaysAgo !== null) {
    const when = at(s.deletionRequestDaysAgo);
    await db
      .insertInto('user_events')
      .values({ user_id: call.user_id, type: 'deletion_request', at: when, received_at: when, status: 'pending' })
      .execute();
  }
  return recordingId;
}
