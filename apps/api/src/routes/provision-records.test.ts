import type { ListProvisionRecordsResponse, ProvisionRecordDto } from '@kura/contracts';
import { PROVISION_BASIS } from '@kura/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf } from '../../../../test/support/http-calls.ts';
import { auditRows, expectError, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { createApprovedPacket, createLink, type ApprovedPacket } from '../../../../test/support/shared-packet.ts';

// The 第三者提供記録 for leads and auditors: filters (agency, subject, Tokyo days), stable pages,
// a CSV an auditor can open in Excel safely; reading them is audited; and the table keeps them
// 3 years whatever the application asks.

let h: Harness;
let auditor: StaffSession;
const shared: { p: ApprovedPacket; at: string }[] = [];
const INJECTED_AGENCY = '=HYPERLINK("http://evil.example","事務所"), "Inc"';

/** Moves the app's clock to `iso`, then shares a new packet as a fresh lead (sessions expire over days). */
async function shareAt(iso: string, agency?: { ref: string; name: string }, userRef?: string): Promise<ApprovedPacket> {
  h.advance(Date.parse(iso) - h.ctx.now().getTime());
  const lead = await staffSession(h, ['lead']);
  const p = await createApprovedPacket(h, { approver: lead, ...(agency ? { agency } : {}) });
  if (userRef) {
    await h.ctx.db.updateTable('platform_users').set({ ref: userRef }).where('ref', '=', p.userRef).execute();
    p.userRef = userRef;
  }
  await createLink(h, lead, p.packetId);
  shared.push({ p, at: iso });
  return p;
}

beforeAll(async () => {
  h = await createHarness();
  await shareAt('2027-01-10T23:30:00+09:00');
  await shareAt('2027-01-11T00:30:00+09:00');
  // A platform reference may start with '-' (refs are A-Z a-z 0-9 . _ : -): a formula to Excel.
  await shareAt('2027-01-12T12:00:00+09:00', { ref: 'agency-x', name: INJECTED_AGENCY }, '-1-cmd');
  auditor = await staffSession(h, ['auditor']);
});
afterAll(async () => {
  await h?.close();
});

const list = async (s: StaffSession, query: Record<string, string> = {}) =>
  jsonOf<ListProvisionRecordsResponse>(await callApi(h, s.session, 'GET', `/api/provision-records?${new URLSearchParams(query)}`), 200);

describe('GET /api/provision-records', () => {
  it('lists one record per subject per share, newest first, with recipient, items, basis and approver', async () => {
    const { items, nextCursor } = await list(auditor);
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(6);
    const times = items.map((r) => Date.parse(r.providedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const newest = shared[2]!.p;
    const pair = items.filter((r) => r.packetId === newest.packetId);
    expect(pair.map((r) => r.subject.type).sort()).toEqual(['creator', 'user']);
    expect(pair[0]).toMatchObject<Partial<ProvisionRecordDto>>({
      recipient: { ref: 'agency-x', name: INJECTED_AGENCY },
      basis: PROVISION_BASIS,
      privacyPolicyVersion: '2020-12-18',
      approvedBy: { id: expect.any(String), displayName: expect.any(String) },
    });
    expect(pair[0]!.items).toContain(`通話 ${newest.callRef}`);
    expect(Date.parse(pair[0]!.retainUntil) - Date.parse(pair[0]!.providedAt)).toBeGreaterThanOrEqual(3 * 365 * 86_400_000);
  });

  it('filters by agency, subject and Tokyo days (an evening in Tokyo is not the next UTC day)', async () => {
    expect((await list(auditor, { agency: 'agency-x' })).items).toHaveLength(2);
    expect((await list(auditor, { agency: 'agency-a' })).items).toHaveLength(4);
    const creator = shared[0]!.p.creatorRef;
    expect((await list(auditor, { subject: creator })).items.map((r) => r.subject)).toEqual([{ type: 'creator', ref: creator }]);
    const day11 = await list(auditor, { from: '2027-01-11', to: '2027-01-11' });
    expect(new Set(day11.items.map((r) => r.packetId))).toEqual(new Set([shared[1]!.p.packetId]));
    const day10 = await list(auditor, { to: '2027-01-10' });
    expect(new Set(day10.items.map((r) => r.packetId))).toEqual(new Set([shared[0]!.p.packetId]));
    await expectError(
      await callApi(h, auditor.session, 'GET', '/api/provision-records?from=2027-01-12&to=2027-01-11'),
      400,
      'validation_failed',
    );
    await expectError(await callApi(h, auditor.session, 'GET', '/api/provision-records?cursor=bogus'), 400, 'bad_cursor');
  });

  it('pages by keyset without gaps or repeats', async () => {
    const all = (await list(auditor)).items.map((r) => r.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ListProvisionRecordsResponse = await list(auditor, { limit: '4', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('exports CSV: UTF-8 with a BOM, RFC 4180 quoting, CRLF, formulas defused, as a download', async () => {
    const res = await callApi(h, auditor.session, 'GET', '/api/provision-records?format=csv&agency=agency-x');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="provision-records-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(4);
    expect(lines[0]!.split(',')).toHaveLength(13);
    expect(lines[0]).toContain('提供先（所属事務所）名');
    // The agency's name starts with '=': quoted (it has quotes and a comma), and defused with '.
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""事務所""), ""Inc"""`);
    expect(text).not.toMatch(/(^|,)=/m);
    expect(text).toContain(",'-1-cmd,");
    expect(text).toContain(',利用者,');
    expect(text).toContain(',配信者,');
    expect(text).toContain('2027-01-12T12:00:');
    expect(text).toContain('+09:00');
  });

  it('audits every listing and export with its filters and count', async () => {
    const lead = await staffSession(h, ['lead']);
    await list(lead, { agency: 'agency-a', limit: '2' });
    await (await callApi(h, lead.session, 'GET', '/api/provision-records?format=csv&subject=nobody')).arrayBuffer();
    const rows = (await auditRows(h, 'provision_records.listed')).filter((e) => e.actor_id === lead.userId);
    expect(rows.map((r) => r.details)).toEqual([
      { filters: { agency: 'agency-a', limit: '2' }, count: 2, format: 'json' },
      { filters: { subject: 'nobody' }, count: 0, format: 'csv' },
    ]);
  });
});

describe('provision records are kept', () => {
  it('the application can neither change, delete nor truncate them within their 3 years', async () => {
    const id = (await list(auditor)).items[0]!.id;
    await expect(h.ctx.db.updateTable('provision_records').set({ items: 'rewritten' }).where('id', '=', id).execute()).rejects.toThrow(
      /never changed/,
    );
    await expect(h.ctx.db.deleteFrom('provision_records').where('id', '=', id).execute()).rejects.toThrow(/kept until/);
    await expect(h.ctx.db.deleteFrom('provision_records').execute()).rejects.toThrow(/kept until/);
    await expect(sql`truncate provision_records cascade`.execute(h.ctx.db)).rejects.toThrow(/cannot be truncated/);
    expect((await list(auditor)).items).toHaveLength(6);
  });

  it('after its 3 years a record may be deleted, never changed', async () => {
    const [any] = await h.ctx.db.selectFrom('provision_records').selectAll().limit(1).execute();
    // Written as if shared in 2020 (the trigger's clock is the database's own).
    const p = await createApprovedPacket(h);
    const expired = await h.ctx.db
      .insertInto('provision_records')
      .values({
        ...any!,
        id: undefined,
        packet_id: p.packetId,
        provided_at: new Date('2020-01-01T00:00:00Z'),
        retain_until: new Date('2023-01-01T00:00:00Z'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(h.ctx.db.updateTable('provision_records').set({ items: 'x' }).where('id', '=', expired.id).execute()).rejects.toThrow(
      /never changed/,
    );
    await h.ctx.db.deleteFrom('provision_records').where('id', '=', expired.id).execute();
    expect(await h.ctx.db.selectFrom('provision_records').where('id', '=', expired.id).select('id').execute()).toEqual([]);
  });
});
