import type { AppContext } from '../context.ts';
import type { AuditContext } from '../services/audit/events.ts';
import { receiveUserEvent } from '../services/rights/user-events.ts';
import type { DemoCall } from './demo-plan.ts';

const HOUR = 3_600_000;

/**
 * User events for the demo, sent through the same service as the ingest API: a withdrawal (its
 * user's recordings then expire within the week), a pending deletion request (due at the next
 * retention run) and an open disclosure request, for three different users, so the upcoming
 * deletions and disclosure pages have something to show. requestRefs make a rerun a no-op.
 */
export async function seedRightsDemo(ctx: AppContext, calls: DemoCall[], seeder: AuditContext): Promise<void> {
  const taken = new Set<string>();
  // Call 0 has reports and a decision: its user's disclosure export has something in every part.
  const pick = (from: number) => {
    for (let i = from; i < calls.length; i++) {
      const ref = calls[i]!.userRef;
      if (!taken.has(ref)) {
        taken.add(ref);
        return ref;
      }
    }
    throw new Error('not enough distinct demo users');
  };
  const disclosure = pick(0);
  const withdrawal = pick(15);
  const deletion = pick(18);
  const now = ctx.now().getTime();
  const events = [
    { userRef: withdrawal, type: 'withdrawal', at: new Date(now - 26 * HOUR), requestRef: 'demo-withdrawal-1' },
    { userRef: deletion, type: 'deletion_request', at: new Date(now - 3 * HOUR), requestRef: 'demo-deletion-1' },
    { userRef: disclosure, type: 'disclosure_request', at: new Date(now - 5 * HOUR), requestRef: 'demo-disclosure-1' },
  ] as const;
  for (const e of events) {
    await receiveUserEvent(ctx, seeder, { userRef: e.userRef, type: e.type, at: e.at.toISOString(), requestRef: e.requestRef });
  }
}
