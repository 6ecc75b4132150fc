import { randomBytes } from 'node:crypto';
import type { ConductCategory, ReviewItemSummaryDto } from '@kura/contracts';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Database } from '@kura/db';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { expectError } from '../../../../test/support/media.ts';
import { api, claim, decide, listItems, seedItem } from '../../../../test/support/review.ts';
import { auditRows, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';
import { countItems, COUNT_LIMIT } from '../repositories/db/review-queue-read.ts';
import { verifyChain } from '../services/audit/verify-chain.ts';

// GET /api/review-items: filters, sorts, keyset pages, counts and the oldest waiting item.
// Each test works in an agency of its own and filters by it, so tests do not see each other.

let h: Harness;
let mod: StaffSession;
let lead: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  mod = await staffSession(h, ['moderator']);
  lead = await staffSession(h, ['lead']);
});
afterAll(async () => {
  await h?.close();
});

const newAgency = () => `agency-${randomBytes(4).toString('hex')}`;

async function walk(agency: string, sort: string, limit: number, between?: () => Promise<void>): Promise<ReviewItemSummaryDto[]> {
  const seen: ReviewItemSummaryDto[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res = await listItems(h, mod.session, { agency, sort, limit: String(limit), ...(cursor ? { cursor } : {}) });
    seen.push(...res.items);
    expect(res.items.length).toBeLessThanOrEqual(limit);
    cursor = res.nextCursor;
    if (!cursor) return seen;
    await between?.();
  }
  throw new Error('pagination did not end');
}

describe('sorts and keyset pages', () => {
  it('priority: most urgent first, then oldest; oldest and newest by opening time', async () => {
    const agency = newAgency();
    const cats: ConductCategory[] = ['other', 'minor_involvement', 'harassment', 'threats_violence', 'harassment', 'fraud'];
    const ids: string[] = [];
    for (const c of cats) ids.push((await seedItem(h, { agencyRef: agency, reports: [c] })).itemId!);
    const byPriority = await walk(agency, 'priority', 2);
    expect(byPriority.map((i) => i.priority)).toEqual([...byPriority.map((i) => i.priority)].sort((a, b) => b - a));
    // Equal priority (the two harassment items): the older first.
    expect(byPriority.filter((i) => i.categories[0] === 'harassment').map((i) => i.id)).toEqual([ids[2], ids[4]]);
    expect(byPriority[0]).toMatchObject({ id: ids[1], priorityBand: 'high', categories: ['minor_involvement'] });
    expect((await walk(agency, 'oldest', 4)).map((i) => i.id)).toEqual(ids);
    expect((await walk(agency, 'newest', 5)).map((i) => i.id)).toEqual([...ids].reverse());
  });

  it('pages stay stable while items are added: nothing seen twice, nothing of the original set missed', async () => {
    for (const sort of ['priority', 'oldest', 'newest']) {
      const agency = newAgency();
      const cats: ConductCategory[] = ['other', 'harassment', 'fraud', 'threats_violence', 'minor_involvement', 'hate', 'contact_exchange'];
      const original: string[] = [];
      for (let i = 0; i < 15; i++) original.push((await seedItem(h, { agencyRef: agency, reports: [cats[i % cats.length]!] })).itemId!);
      let added = 0;
      const seen = await walk(agency, sort, 4, async () => {
        // New items of every urgency land before, between and after the pages already read.
        for (const c of ['minor_involvement', 'other', 'harassment'] as ConductCategory[]) {
          await seedItem(h, { agencyRef: agency, reports: [c] });
          added++;
        }
      });
      const ids = seen.map((i) => i.id);
      expect(new Set(ids).size, sort).toBe(ids.length);
      expect(
        original.filter((id) => !ids.includes(id)),
        sort,
      ).toEqual([]);
      expect(added).toBeGreaterThan(0);
    }
  });

  it('a cursor from another sort, or one we did not issue, is 400 bad_cursor; bad filters are 400', async () => {
    const agency = newAgency();
    await seedItem(h, { agencyRef: agency });
    await seedItem(h, { agencyRef: agency });
    const page = await listItems(h, mod.session, { agency, limit: '1', sort: 'priority' });
    expect(page.nextCursor).toEqual(expect.any(String));
    await expectError(
      api(h, mod.session, 'GET', `/api/review-items?agency=${agency}&sort=oldest&cursor=${page.nextCursor}`),
      400,
      'bad_cursor',
    );
    await expectError(api(h, mod.session, 'GET', '/api/review-items?cursor=not-a-cursor'), 400, 'bad_cursor');
    const forged = Buffer.from(
      JSON.stringify(['priority', 1, "2026-01-01'; drop table x", '00000000-0000-4000-8000-000000000000']),
    ).toString('base64url');
    await expectError(api(h, mod.session, 'GET', `/api/review-items?cursor=${forged}`), 400, 'bad_cursor');
    for (const q of [
      'status=waiting',
      'category=spam',
      'limit=0',
      'limit=101',
      'sort=random',
      'from=2026-13-01',
      'from=2026-11-02&to=2026-11-01',
      'assignee=x',
      'mine=yes',
      'extra=1',
    ]) {
      await expectError(api(h, mod.session, 'GET', `/api/review-items?${q}`), 400, 'validation_failed');
    }
  });
});

describe('filters and counts', () => {
  it('status, counts per status under the other filters, and the oldest waiting item', async () => {
    const agency = newAgency();
    const a = await seedItem(h, { agencyRef: agency, reports: ['harassment'] });
    const b = await seedItem(h, { agencyRef: agency, reports: ['fraud'] });
    const c = await seedItem(h, { agencyRef: agency, reports: ['hate'] });
    const d = await seedItem(h, { agencyRef: agency, reports: ['harassment'] });
    const e = await seedItem(h, { agencyRef: agency, reports: ['other'] });
    await claim(h, mod.session, b.itemId!);
    await decide(h, mod.session, c.itemId!, { outcome: 'no_violation' });
    await decide(h, mod.session, d.itemId!, { outcome: 'escalate' });

    const all = await listItems(h, mod.session, { agency });
    expect(all.counts).toEqual({ open: 2, claimed: 1, escalated: 1, closed: 1 });
    const status = (s: string) => listItems(h, mod.session, { agency, status: s }).then((r) => r.items.map((i) => i.id).sort());
    expect(await status('open')).toEqual([a.itemId, e.itemId].sort());
    expect(await status('claimed')).toEqual([b.itemId]);
    expect(await status('escalated')).toEqual([d.itemId]);
    expect(await status('closed')).toEqual([c.itemId]);
    // Counts ignore the status filter but honour the others.
    const harassment = await listItems(h, mod.session, { agency, status: 'open', category: 'harassment' });
    expect(harassment.items.map((i) => i.id)).toEqual([a.itemId]);
    expect(harassment.counts).toEqual({ open: 1, claimed: 0, escalated: 1, closed: 0 });
    // The oldest item still waiting (open or escalated, unclaimed): a, opened first.
    const opened = await h.ctx.db
      .selectFrom('review_items')
      .select(['id', 'opened_at'])
      .where('id', '=', a.itemId!)
      .executeTakeFirstOrThrow();
    expect(all.oldestWaitingAt).toBe(opened.opened_at.toISOString());
    // Once a is claimed, the oldest waiting is e's... unless d (escalated, older) waits: it does.
    await claim(h, mod.session, a.itemId!);
    const dOpened = await h.ctx.db.selectFrom('review_items').select('opened_at').where('id', '=', d.itemId!).executeTakeFirstOrThrow();
    expect((await listItems(h, mod.session, { agency })).oldestWaitingAt).toBe(dOpened.opened_at.toISOString());

    const listed = (await auditRows(h, 'review.listed')).at(-1)!;
    expect(listed).toMatchObject({ actor_type: 'staff', actor_id: mod.userId, subject_type: 'review_items' });
    expect(listed.details).toEqual({ filters: { agency, sort: 'priority', limit: '25' }, count: 5 });
  });

  it('category, agency, creator, assignee, mine, priority band, sampled, dates', async () => {
    const agency = newAgency();
    const other = newAgency();
    const x = await seedItem(h, { agencyRef: agency, creatorRef: `cr-${agency}`, reports: ['minor_involvement'] });
    const y = await seedItem(h, { agencyRef: agency, reports: ['contact_exchange', 'harassment'] });
    const z = await seedItem(h, { agencyRef: agency, reports: ['other'] });
    const elsewhere = await seedItem(h, { agencyRef: other, reports: ['harassment'] });
    const ids = (q: Record<string, string>) => listItems(h, mod.session, q).then((r) => r.items.map((i) => i.id).sort());

    expect(await ids({ agency, category: 'harassment' })).toEqual([y.itemId]);
    expect(await ids({ category: 'harassment', agency: other })).toEqual([elsewhere.itemId]);
    expect(await ids({ creator: `cr-${agency}` })).toEqual([x.itemId]);
    // Bands: minor_involvement 40 + minor 25 = 65 (high); contact 15 + harassment... max 20 + 5 = 25 (medium); other 5 (low).
    expect(await ids({ agency, priority: 'high' })).toEqual([x.itemId]);
    expect(await ids({ agency, priority: 'medium' })).toEqual([y.itemId]);
    expect(await ids({ agency, priority: 'low' })).toEqual([z.itemId]);
    expect(await ids({ agency, priority: 'critical' })).toEqual([]);

    await claim(h, lead.session, y.itemId!);
    await claim(h, mod.session, z.itemId!);
    expect(await ids({ agency, assignee: lead.userId })).toEqual([y.itemId]);
    expect(await ids({ agency, mine: 'true' })).toEqual([z.itemId]);
    expect((await listItems(h, lead.session, { agency, mine: 'true' })).items.map((i) => i.id)).toEqual([y.itemId]);

    await h.ctx.db.updateTable('review_items').set({ source: 'sample' }).where('id', '=', x.itemId!).execute();
    expect(await ids({ agency, sampled: 'true' })).toEqual([x.itemId]);
    expect(await ids({ agency, sampled: 'false' })).toEqual([y.itemId, z.itemId].sort());

    // Dates are Tokyo days: 2026-11-01 00:30 in Tokyo is still 10-31 in UTC.
    await h.ctx.db.updateTable('review_items').set({ opened_at: '2026-11-01T00:30:00+09:00' }).where('id', '=', x.itemId!).execute();
    await h.ctx.db.updateTable('review_items').set({ opened_at: '2026-10-31T23:30:00+09:00' }).where('id', '=', y.itemId!).execute();
    await h.ctx.db.updateTable('review_items').set({ opened_at: '2026-11-03T10:00:00+09:00' }).where('id', '=', z.itemId!).execute();
    expect(await ids({ agency, from: '2026-11-01', to: '2026-11-01' })).toEqual([x.itemId]);
    expect(await ids({ agency, to: '2026-10-31' })).toEqual([y.itemId]);
    expect(await ids({ agency, from: '2026-11-02' })).toEqual([z.itemId]);
  });

  it("the agency filter follows the creator's current agency: a creator moved, a call given to another creator", async () => {
    const first = newAgency();
    const second = newAgency();
    const third = newAgency();
    const creator = `cr-${first}`;
    const a = await seedItem(h, { agencyRef: first, creatorRef: creator });
    const b = await seedItem(h, { agencyRef: first, creatorRef: creator, reports: ['fraud'] });
    await decide(h, mod.session, b.itemId!, { outcome: 'no_violation' });
    const ids = (agency: string) => listItems(h, mod.session, { agency }).then((r) => r.items.map((i) => i.id).sort());
    const counts = (agency: string) => listItems(h, mod.session, { agency }).then((r) => r.counts);
    expect(await ids(first)).toEqual([a.itemId, b.itemId].sort());

    // The platform sends a call of the same creator under another agency: the creator moved, and
    // every item of theirs, open or closed, moves with them (as packets follow the current agency).
    await seedItem(h, { agencyRef: second, creatorRef: creator, reports: [] });
    expect(await ids(first)).toEqual([]);
    expect(await counts(first)).toEqual({ open: 0, claimed: 0, escalated: 0, closed: 0 });
    expect(await ids(second)).toEqual([a.itemId, b.itemId].sort());
    expect(await counts(second)).toEqual({ open: 1, claimed: 0, escalated: 0, closed: 1 });

    // The platform re-sends one call with another creator, of a third agency: that item alone moves.
    await seedItem(h, { callRef: a.callRef, agencyRef: third, creatorRef: `cr-${third}`, reports: [] });
    expect(await ids(second)).toEqual([b.itemId]);
    expect(await ids(third)).toEqual([a.itemId]);
    expect((await listItems(h, mod.session, { agency: third, creator: `cr-${third}` })).items.map((i) => i.id)).toEqual([a.itemId]);
    expect((await listItems(h, mod.session, { agency: second, creator: `cr-${third}` })).items).toEqual([]);

    // Whatever wrote them, every item's copy is its call's creator's agency.
    const stale = await h.ctx.db
      .selectFrom('review_items as ri')
      .innerJoin('calls as c', 'c.id', 'ri.call_id')
      .innerJoin('creators as cr', 'cr.id', 'c.creator_id')
      .select('ri.id')
      .whereRef('ri.agency_id', '<>', 'cr.agency_id')
      .execute();
    expect(stale).toEqual([]);
  });

  it('counts stop at the limit: exact below it, the limit itself (that many or more) past it', async () => {
    const agency = newAgency();
    const items = [];
    for (let i = 0; i < 4; i++) items.push(await seedItem(h, { agencyRef: agency }));
    await decide(h, mod.session, items[3]!.itemId!, { outcome: 'no_violation' });
    const res = await listItems(h, mod.session, { agency });
    expect(res.countLimit).toBe(COUNT_LIMIT);
    expect(res.counts).toEqual({ open: 3, claimed: 0, escalated: 0, closed: 1 });
    // An empty page still carries the counts (asked for apart from the page then).
    const none = await listItems(h, mod.session, { agency, status: 'claimed' });
    expect(none.items).toEqual([]);
    expect(none.counts).toEqual({ open: 3, claimed: 0, escalated: 0, closed: 1 });
    expect(none.oldestWaitingAt).toBe(res.oldestWaitingAt);
    const filter = { now: new Date(), agencyRef: agency };
    expect((await countItems(h.ctx.db, filter, 2)).counts).toEqual({ open: 2, claimed: 0, escalated: 0, closed: 1 });
    expect((await countItems(h.ctx.db, filter, 3)).counts).toEqual({ open: 3, claimed: 0, escalated: 0, closed: 1 });
    // The limit does not touch the oldest waiting item, found by its own walk.
    const oldest = await h.ctx.db
      .selectFrom('review_items')
      .select('opened_at')
      .where('id', '=', items[0]!.itemId!)
      .executeTakeFirstOrThrow();
    expect((await countItems(h.ctx.db, filter, 1)).oldestWaitingAt).toEqual(oldest.opened_at);
  });

  it('with no filter, the closed count reads its own index alone, as the waiting counts do', async () => {
    const statements: CompiledQuery[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: createPool(h.dbUrl, 1) }),
      log: (e) => {
        if (e.level === 'query') statements.push(e.query);
      },
    });
    try {
      await countItems(db, { now: new Date() });
      expect(statements).toHaveLength(1);
      const counts = statements[0]!;
      const plan = await db.connection().execute(async (c) => {
        // This table is small enough to read whole more cheaply; what is asked is whether an
        // index can answer each count alone, as it must when the table holds 200,000 items.
        await sql`set enable_seqscan = off`.execute(c);
        await sql`set enable_bitmapscan = off`.execute(c);
        const { rows } = await c.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          CompiledQuery.raw(`explain (format json) ${counts.sql}`, [...counts.parameters]),
        );
        return rows[0]!['QUERY PLAN'][0].Plan;
      });
      const scans = nodes(plan).filter((n) => n['Relation Name'] === 'review_items');
      expect(scans.map((n) => n['Node Type'])).not.toContain('Seq Scan');
      expect(scans).toContainEqual(expect.objectContaining({ 'Node Type': 'Index Only Scan', 'Index Name': 'review_items_closed_idx' }));
    } finally {
      await db.destroy();
    }
  });

  it('a summary carries what the queue shows', async () => {
    const agency = newAgency();
    const s = await seedItem(h, { agencyRef: agency, reports: ['fraud', 'fraud'], recording: true });
    const [item] = (await listItems(h, mod.session, { agency })).items;
    expect(item).toMatchObject({
      id: s.itemId,
      status: 'open',
      queue: 'moderators',
      source: 'report',
      priority: 30,
      priorityBand: 'medium',
      priorityReasons: [
        { code: 'category', category: 'fraud', points: 25 },
        { code: 'reports', count: 2, points: 5 },
      ],
      categories: ['fraud'],
      reportCount: 2,
      call: { ref: s.callRef },
      recording: { id: s.recordingId, state: 'processing', durationMs: null },
      agency: { ref: agency, name: 'Sakura Talent' },
      minor: false,
      assignee: null,
      claimExpiresAt: null,
      onHold: false,
      closedAt: null,
    });
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}
