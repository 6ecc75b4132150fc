import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListAuditEventsResponse } from '@kura/contracts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import {
  auditRows,
  expectError,
  grantAccess,
  seedRecording,
  staffSession,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';

// The auditor's reading of the chain: newest first, keyset pages, filters, and on the record.

let h: Harness;
let auditor: StaffSession;
let recordingId: string;

beforeAll(async () => {
  h = await createHarness();
  ({ recordingId } = await seedRecording(h));
  const moderator = await staffSession(h, ['moderator']);
  await grantAccess(h, moderator.session, recordingId);
  auditor = await staffSession(h, ['auditor']);
});
afterAll(async () => {
  await h?.close();
});

async function page(query = ''): Promise<ListAuditEventsResponse> {
  const res = await fetch(`${h.baseUrl}/api/audit/events${query}`, { headers: auditor.session.headers() });
  expect(res.status).toBe(200);
  return (await res.json()) as ListAuditEventsResponse;
}

describe('GET /api/audit/events', () => {
  it('pages through the whole chain newest first, without gaps or repeats', async () => {
    const total = (await auditRows(h)).length;
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const p = await page(`?limit=3${before ? `&before=${before}` : ''}`);
      seen.push(...p.items.map((e) => e.seq));
      before = p.nextBefore;
    } while (before !== null);
    // Each page read appends an audit.read event, newer than anything the walk started from.
    const expected = Array.from({ length: total }, (_, i) => total - i);
    expect(seen.slice(seen.length - total)).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('pages through one action newest first, without gaps or repeats, past newer rows of other actions', async () => {
    // audit.read events: each page read appends one, so the walk's own reads lie on top of
    // the rows it pages through (what the two-step page query is for, audit-repo.ts).
    for (let i = 0; i < 4; i++) await page('?limit=1');
    const expected = (await auditRows(h, 'audit.read')).map((e) => Number(e.seq)).reverse();
    const seen: number[] = [];
    let before: number | null = null;
    do {
      const p = await page(`?action=audit.read&limit=2${before ? `&before=${before}` : ''}`);
      expect(p.items.every((e) => e.action === 'audit.read')).toBe(true);
      seen.push(...p.items.map((e) => e.seq));
      before = p.nextBefore;
    } while (before !== null);
    // Every audit.read from before the walk, newest first; those the walk appended lie above them.
    expect(expected.length).toBeGreaterThan(4);
    expect(seen).toEqual(expected);
  });

  it('names staff actors and shows purpose and details', async () => {
    const p = await page('?action=grant.created');
    expect(p.items).toHaveLength(1);
    const [e] = p.items;
    expect(e).toMatchObject({
      action: 'grant.created',
      subject: { type: 'recording', id: recordingId },
      purpose: 'deter_prohibited_conduct',
      actor: { type: 'staff', email: expect.stringContaining('@') },
      details: { reference: 'CASE-2026-001' },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('filters by subject', async () => {
    const p = await page(`?subject=${recordingId}&limit=200`);
    expect(p.items.length).toBeGreaterThan(0);
    expect(p.items.every((e) => e.subject.id === recordingId)).toBe(true);
  });

  it('records each read as audit.read with its filters', async () => {
    const before = (await auditRows(h, 'audit.read')).length;
    await page('?action=media.read&limit=5');
    const reads = await auditRows(h, 'audit.read');
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)).toMatchObject({ actor_id: auditor.userId, details: { filters: { action: 'media.read', limit: '5' } } });
  });

  it.each([['?limit=0'], ['?limit=500'], ['?action=not.an.action'], ['?before=-1'], ['?unknown=1']])(
    'refuses %s with 400',
    async (query) => {
      const res = await fetch(`${h.baseUrl}/api/audit/events${query}`, { headers: auditor.session.headers() });
      await expectError(res, 400, 'validation_failed');
    },
  );
});
