import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { auditActions, expectError, leftovers, postReport, putCall } from '../../../../../test/support/media.ts';
import { verifyChain } from '../../services/audit/verify-chain.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  for (const ref of ['call-rep-1', 'call-rep-2', 'call-rep-3', 'call-rep-bad']) expect((await putCall(h, ref)).status).toBe(201);
});
afterAll(async () => {
  await h?.close();
});

const callId = async (ref: string) => (await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', ref).executeTakeFirstOrThrow()).id;
const itemsOf = async (ref: string) =>
  h.ctx.db
    .selectFrom('review_items')
    .selectAll()
    .where('call_id', '=', await callId(ref))
    .execute();
const reportsOf = async (ref: string) =>
  h.ctx.db
    .selectFrom('reports')
    .selectAll()
    .where('call_id', '=', await callId(ref))
    .orderBy('created_at')
    .execute();

async function file(body: Record<string, unknown>): Promise<{ reportId: string; reviewItemId: string }> {
  const res = await postReport(h, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { reportId: string; reviewItemId: string };
}

describe('POST /v1/ingest/reports', () => {
  it('files a report (201) that opens one review item for the call; a second report joins it', async () => {
    const first = await file({ callRef: 'call-rep-1', reporter: 'user', category: 'harassment', atSeconds: 12.5 });
    expect(first).toEqual({ reportId: expect.any(String), reviewItemId: expect.any(String) });
    const items = await itemsOf('call-rep-1');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: first.reviewItemId, status: 'open', closed_at: null });

    const second = await file({ callRef: 'call-rep-1', reporter: 'creator', category: 'other', note: 'asked for my LINE id' });
    expect(second.reviewItemId).toBe(first.reviewItemId);
    expect(second.reportId).not.toBe(first.reportId);
    expect(await itemsOf('call-rep-1')).toHaveLength(1);

    const reports = await reportsOf('call-rep-1');
    expect(reports.map((r) => [r.id, r.review_item_id, r.reporter, r.category, r.note, r.at_seconds])).toEqual([
      [first.reportId, first.reviewItemId, 'user', 'harassment', null, 12.5],
      [second.reportId, first.reviewItemId, 'creator', 'other', 'asked for my LINE id', null],
    ]);

    const events = await h.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'report.filed').orderBy('seq').execute();
    expect(events.map((e) => [e.subject_type, e.subject_id, e.actor_type])).toEqual([
      ['report', first.reportId, 'service'],
      ['report', second.reportId, 'service'],
    ]);
    expect(events[0]!.details).toEqual({
      callRef: 'call-rep-1',
      reviewItemId: first.reviewItemId,
      reporter: 'user',
      category: 'harassment',
    });
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });

  it('another call gets its own item; once an item is closed, the next report opens a new one', async () => {
    const a = await file({ callRef: 'call-rep-2', reporter: 'system', category: 'fraud' });
    const b = await file({ callRef: 'call-rep-1', reporter: 'user', category: 'hate' });
    expect(a.reviewItemId).not.toBe(b.reviewItemId);

    await h.ctx.db.updateTable('review_items').set({ status: 'closed', closed_at: new Date() }).where('id', '=', a.reviewItemId).execute();
    const c = await file({ callRef: 'call-rep-2', reporter: 'user', category: 'threats_violence' });
    expect(c.reviewItemId).not.toBe(a.reviewItemId);
    expect((await itemsOf('call-rep-2')).map((i) => i.status).sort()).toEqual(['closed', 'open']);
  });

  it('reports filed at the same moment all join a single open item', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => file({ callRef: 'call-rep-3', reporter: 'user', category: i % 2 ? 'fraud' : 'hate' })),
    );
    expect(new Set(results.map((r) => r.reviewItemId)).size).toBe(1);
    expect(await itemsOf('call-rep-3')).toHaveLength(1);
    expect(await reportsOf('call-rep-3')).toHaveLength(8);
  });

  it('answers bad reports with a 4xx JSON error and files nothing', async () => {
    const before = { items: await itemsOf('call-rep-bad'), audit: (await auditActions(h)).length };
    const base = { callRef: 'call-rep-bad', reporter: 'user', category: 'harassment' };
    const invalid: Array<Record<string, unknown>> = [
      { ...base, category: 'rudeness' },
      { ...base, category: 'other' },
      { ...base, category: 'other', note: '   ' },
      { ...base, reporter: 'agency' },
      { ...base, atSeconds: -1 },
      { ...base, note: 'x'.repeat(4001) },
      { ...base, extra: true },
      { reporter: 'user', category: 'harassment' },
      { ...base, callRef: 'bad ref' },
    ];
    for (const body of invalid) await expectError(postReport(h, body), 400, 'validation_failed');
    await expectError(postReport(h, { ...base, callRef: 'no-such-call' }), 404, 'not_found');

    const send = (body: string, headers: Record<string, string>) =>
      fetch(`${h.baseUrl}/v1/ingest/reports`, { method: 'POST', headers, body });
    await expectError(send('{"callRef":', { ...bearer(), 'content-type': 'application/json' }), 400, 'bad_json');
    await expectError(send(JSON.stringify(base), { ...bearer(), 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await expectError(send(JSON.stringify(base), { 'content-type': 'application/json' }), 401, 'unauthorized');
    // A JSON body past 64 KiB is refused as it streams in, declared length or not.
    const huge = JSON.stringify({ ...base, note: 'x'.repeat(70 * 1024) });
    await expectError(send(huge, { ...bearer(), 'content-type': 'application/json' }), 413, 'payload_too_large');
    const chunked = fetch(`${h.baseUrl}/v1/ingest/reports`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: new Blob([huge]).stream(),
      duplex: 'half',
    } as RequestInit);
    await expectError(chunked, 413, 'payload_too_large');

    expect(await itemsOf('call-rep-bad')).toEqual(before.items);
    expect(await reportsOf('call-rep-bad')).toEqual([]);
    expect((await auditActions(h)).length).toBe(before.audit);
    expect(await leftovers(h)).toEqual({ recordings: 0, objects: [], orphans: [] });
  });
});
