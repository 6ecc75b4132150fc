import type { ReviewItemDetailDto } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { expectError, uploadRecording } from '../../../../test/support/media.ts';
import { api, detail, seedItem } from '../../../../test/support/review.ts';
import { auditRows, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';
import { drawSample } from '../services/review/sampling.ts';

// Where review items come from besides reports: random sampling of new recordings, and staff
// opening a review on any recording.

const itemsOfCall = (h: Harness, callRef: string) =>
  h.ctx.db
    .selectFrom('review_items as ri')
    .innerJoin('calls as c', 'c.id', 'ri.call_id')
    .select(['ri.id', 'ri.source', 'ri.status', 'ri.priority'])
    .where('c.ref', '=', callRef)
    .execute();

describe('sampling newly ingested recordings', () => {
  it('sampleRate 1: every new recording gets a sampled item, audited in the ingest transaction', async () => {
    const h = await createHarness({ sampleRate: 1 });
    try {
      const mod = await staffSession(h, ['moderator']);
      const a = await seedItem(h, { reports: [], recording: true });
      const items = await itemsOfCall(h, a.callRef);
      expect(items).toMatchObject([{ source: 'sample', status: 'open', priority: 5 }]);
      const shown = await detail(h, mod.session, items[0]!.id);
      expect(shown).toMatchObject({ source: 'sample', reportCount: 0, recording: { id: a.recordingId }, openedBy: null });
      const opened = (await auditRows(h, 'review.opened')).find((e) => e.subject_id === items[0]!.id)!;
      expect(opened).toMatchObject({ actor_type: 'service', details: { callRef: a.callRef, source: 'sample' } });
      const ingested = (await auditRows(h, 'recording.ingested')).find((e) => e.subject_id === a.recordingId)!;
      expect(ingested.request_id).toBe(opened.request_id);

      // A call reported before its upload already has an open item: no second one.
      const reported = await seedItem(h, { reports: ['hate'] });
      expect((await uploadRecording(h, reported.callRef, Buffer.from('x'.repeat(2048)))).status).toBe(201);
      expect(await itemsOfCall(h, reported.callRef)).toMatchObject([{ id: reported.itemId, source: 'report' }]);

      // A report on a sampled call joins the sampled item and ranks it by its category instead.
      await seedItem(h, { callRef: a.callRef, reports: ['fraud'] });
      expect(await itemsOfCall(h, a.callRef)).toMatchObject([{ source: 'sample', priority: 25 }]);
      expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
    } finally {
      await h.close();
    }
  });

  it('sampleRate 0: no item for any new recording', async () => {
    const h = await createHarness({ sampleRate: 0 });
    try {
      for (let i = 0; i < 5; i++) {
        const s = await seedItem(h, { reports: [], recording: true });
        expect(await itemsOfCall(h, s.callRef)).toEqual([]);
      }
      expect(await auditRows(h, 'review.opened')).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('draws with about the configured probability', () => {
    let hits = 0;
    for (let i = 0; i < 20_000; i++) if (drawSample(0.02)) hits++;
    // 400 expected; 5 standard deviations (~ 99) either way.
    expect(hits).toBeGreaterThan(300);
    expect(hits).toBeLessThan(500);
    expect(Array.from({ length: 1000 }, () => drawSample(1)).every(Boolean)).toBe(true);
    expect(Array.from({ length: 1000 }, () => drawSample(0)).some(Boolean)).toBe(false);
  });
});

describe('POST /api/recordings/:id/review-items (open a review)', () => {
  let h: Harness;
  let mod: StaffSession;
  beforeAll(async () => {
    h = await createHarness();
    mod = await staffSession(h, ['moderator']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens a staff item with a note (201), scored and audited; a second call answers the same item (200)', async () => {
    const s = await seedItem(h, { reports: [], recording: true });
    const res = await api(h, mod.session, 'POST', `/api/recordings/${s.recordingId}/review-items`, { note: 'spotted while auditing' });
    expect(res.status).toBe(201);
    const item = (await res.json()) as ReviewItemDetailDto;
    expect(item).toMatchObject({
      source: 'staff',
      status: 'open',
      priority: 10,
      priorityReasons: [{ code: 'staff_opened', points: 10 }],
      openedBy: { id: mod.userId },
      openNote: 'spotted while auditing',
      reports: [],
      flags: [],
      decisions: [],
      holds: [],
    });
    const events = (await auditRows(h, 'review.opened')).filter((e) => e.subject_id === item.id);
    expect(events.map((e) => [e.actor_id, e.details])).toEqual([
      [mod.userId, { callRef: s.callRef, source: 'staff', note: 'spotted while auditing' }],
    ]);

    const again = await api(h, mod.session, 'POST', `/api/recordings/${s.recordingId}/review-items`, {});
    expect(again.status).toBe(200);
    expect(((await again.json()) as ReviewItemDetailDto).id).toBe(item.id);
    expect(await itemsOfCall(h, s.callRef)).toHaveLength(1);
  });

  it('a reported call answers its report item; unknown recordings are 404; the body is checked', async () => {
    const s = await seedItem(h, { reports: ['harassment'], recording: true });
    const res = await api(h, mod.session, 'POST', `/api/recordings/${s.recordingId}/review-items`, {});
    expect(res.status).toBe(200);
    expect(((await res.json()) as ReviewItemDetailDto).id).toBe(s.itemId);
    await expectError(
      api(h, mod.session, 'POST', '/api/recordings/00000000-0000-4000-8000-000000000000/review-items', {}),
      404,
      'not_found',
    );
    await expectError(
      api(h, mod.session, 'POST', `/api/recordings/${s.recordingId}/review-items`, { note: 'x'.repeat(2001) }),
      400,
      'validation_failed',
    );
    await expectError(api(h, mod.session, 'POST', `/api/recordings/${s.recordingId}/review-items`, { other: 1 }), 400, 'validation_failed');
  });

  it('many opens of one recording at once make one item', async () => {
    const s = await seedItem(h, { reports: [], recording: true });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => api(h, mod.session, 'POST', `/api/recordings/${s.recordingId}/review-items`, {})),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(await itemsOfCall(h, s.callRef)).toHaveLength(1);
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});
