import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { upsertCallFromPlatform } from '../services/ingest/upsert-call.ts';
import { DEMO_AGENCIES, DEMO_CREATORS, demoCalls } from './demo-plan.ts';
import { seedRightsDemo } from './rights-demo.ts';

const SEEDER = { actor: { type: 'service', id: 'demo-seed' } } as const;
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('demo user events', () => {
  it('sends a withdrawal, a pending deletion request and an open disclosure request for three users, once', async () => {
    const calls = demoCalls(30, h.ctx.now());
    for (const call of calls) {
      const creator = DEMO_CREATORS[call.creator]!;
      const agency = DEMO_AGENCIES[creator.agency]!;
      await upsertCallFromPlatform(h.ctx, SEEDER, call.ref, {
        creator: { ref: creator.ref, name: creator.name, agency: { ref: agency.ref, name: agency.name } },
        user: { ref: call.userRef },
        startedAt: call.startedAt.toISOString(),
        endedAt: new Date(call.startedAt.getTime() + call.seconds * 1000).toISOString(),
      });
    }
    await seedRightsDemo(h.ctx, calls, SEEDER);
    await seedRightsDemo(h.ctx, calls, SEEDER);
    const events = await h.ctx.db
      .selectFrom('user_events as e')
      .innerJoin('platform_users as u', 'u.id', 'e.user_id')
      .select(['e.type', 'e.status', 'u.ref', 'u.withdrawn_at'])
      .orderBy('e.type')
      .execute();
    expect(events.map((e) => [e.type, e.status])).toEqual([
      ['deletion_request', 'pending'],
      ['disclosure_request', 'pending'],
      ['withdrawal', 'done'],
    ]);
    expect(new Set(events.map((e) => e.ref)).size).toBe(3);
    expect(events.find((e) => e.type === 'withdrawal')?.withdrawn_at).not.toBeNull();
    // The disclosure goes to the user of the first call, whose reports and decision fill the export.
    expect(events.find((e) => e.type === 'disclosure_request')?.ref).toBe(calls[0]!.userRef);
  });
});
