import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListUpcomingDeletionsResponse } from '@kura/contracts';
import type { RetentionReason } from '@kura/db';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { expectError } from '../../../../test/support/media.ts';
import { api } from '../../../../test/support/review.ts';
import { seedRecording, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';

let h: Harness;
let lead: StaffSession;
let admin: StaffSession;
const rec: Record<string, { recordingId: string; callRef: string }> = {};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function seed(name: string, agency: string, inMs: number, reason: RetentionReason = 'unflagged') {
  const r = await seedRecording(h, { agency: { ref: agency, name: `Agency ${agency}` }, callRef: `call-up-${name}` });
  await h.ctx.db
    .updateTable('recordings')
    .set({ retain_until: new Date(h.ctx.now().getTime() + inMs), retention_reason: reason })
    .where('id', '=', r.recordingId)
    .execute();
  rec[name] = r;
}

beforeAll(async () => {
  h = await createHarness();
  [lead, admin] = await Promise.all([staffSession(h, ['lead']), staffSession(h, ['admin'])]);
  await seed('overdue', 'ag-a', -HOUR);
  await seed('soon', 'ag-a', 2 * DAY);
  await seed('withdrawn', 'ag-b', 5 * DAY, 'withdrawn');
  await seed('later', 'ag-a', 10 * DAY);
  await seed('held', 'ag-a', DAY);
  await seed('reviewed', 'ag-b', 3 * DAY);
  await h.ctx.db
    .insertInto('legal_holds')
    .values({ recording_id: rec.held!.recordingId, reason: 'litigation', placed_by: lead.userId, placed_at: h.ctx.now() })
    .execute();
  const call = await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', 'call-up-reviewed').executeTakeFirstOrThrow();
  await h.ctx.db.insertInto('review_items').values({ call_id: call.id, status: 'open', opened_at: h.ctx.now() }).execute();
  // Already expired: nothing left to hold.
  await seed('gone', 'ag-a', -DAY);
  await h.ctx.db.updateTable('recordings').set({ state: 'expired' }).where('id', '=', rec.gone!.recordingId).execute();
});
afterAll(async () => {
  await h?.close();
});

async function list(s: StaffSession, query = ''): Promise<ListUpcomingDeletionsResponse> {
  const res = await api(h, s.session, 'GET', `/api/retention/upcoming${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as ListUpcomingDeletionsResponse;
}
const refs = (r: ListUpcomingDeletionsResponse) => r.items.map((i) => i.callRef);

describe('GET /api/retention/upcoming', () => {
  it('lists what expires in the next 7 days, soonest first, without held or expired recordings', async () => {
    const r = await list(lead);
    expect(refs(r)).toEqual(['call-up-overdue', 'call-up-soon', 'call-up-reviewed', 'call-up-withdrawn']);
    expect(r.nextCursor).toBeNull();
    expect(Date.parse(r.until) - h.ctx.now().getTime()).toBeGreaterThan(7 * DAY - 60_000);
    expect(r.items.find((i) => i.callRef === 'call-up-withdrawn')).toEqual({
      recordingId: rec.withdrawn!.recordingId,
      callRef: 'call-up-withdrawn',
      startedAt: expect.any(String),
      retainUntil: expect.any(String),
      reason: 'withdrawn',
      agency: { ref: 'ag-b', name: 'Agency ag-b' },
      creator: { ref: 'creator-call-up-withdrawn', name: 'Creator' },
      openReview: false,
      livePacket: false,
    });
    expect(r.items.find((i) => i.callRef === 'call-up-reviewed')?.openReview).toBe(true);
    expect(refs(await list(admin, '?days=30'))).toContain('call-up-later');
  });

  it('filters by agency, creator and reason, and pages with a cursor', async () => {
    expect(refs(await list(lead, '?agency=ag-b'))).toEqual(['call-up-reviewed', 'call-up-withdrawn']);
    expect(refs(await list(lead, '?creator=creator-call-up-soon'))).toEqual(['call-up-soon']);
    expect(refs(await list(lead, '?reason=withdrawn'))).toEqual(['call-up-withdrawn']);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListUpcomingDeletionsResponse = await list(lead, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...refs(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['call-up-overdue', 'call-up-soon', 'call-up-reviewed', 'call-up-withdrawn']);
  });

  it('a hold placed from the list takes the recording off it', async () => {
    const res = await api(h, lead.session, 'POST', `/api/recordings/${rec.soon!.recordingId}/holds`, { reason: 'complaint expected' });
    expect(res.status).toBe(201);
    expect(refs(await list(lead))).not.toContain('call-up-soon');
  });

  it('audits each look with its filters and count', async () => {
    await list(admin, '?agency=ag-b&reason=withdrawn');
    const rows = await h.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'retention.upcoming_listed')
      .where('actor_id', '=', admin.userId)
      .orderBy('seq', 'desc')
      .execute();
    expect(rows[0]!.details).toEqual({ filters: { days: '7', agency: 'ag-b', reason: 'withdrawn' }, count: 1 });
  });

  it('answers bad queries with 400', async () => {
    for (const q of ['?days=0', '?days=91', '?days=x', '?reason=forever', '?limit=0', '?extra=1', `?agency=${'a'.repeat(201)}`]) {
      await expectError(api(h, lead.session, 'GET', `/api/retention/upcoming${q}`), 400, 'validation_failed');
    }
    await expectError(api(h, lead.session, 'GET', '/api/retention/upcoming?cursor=bogus'), 400, 'bad_cursor');
  });

  it('refuses moderators and auditors (403) and anonymous callers (401)', async () => {
    for (const roles of [['moderator'], ['auditor']] as const) {
      const s = await staffSession(h, [...roles]);
      await expectError(api(h, s.session, 'GET', '/api/retention/upcoming'), 403, 'forbidden');
    }
    await expectError(api(h, null, 'GET', '/api/retention/upcoming'), 401, 'unauthorized');
  });
});
