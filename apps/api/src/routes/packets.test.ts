import { randomUUID } from 'node:crypto';
import type { FlagDto, ListPacketsResponse } from '@kura/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { callApi, jsonOf, postReport } from '../../../../test/support/http-calls.ts';
import { drainJobs, sha256 } from '../../../../test/support/media.ts';
import {
  createPacket,
  getPacket,
  packetBody,
  readyPacket,
  seedPacketSource,
  shareByFixture,
  type PacketSource,
} from '../../../../test/support/packets.ts';
import { decide } from '../../../../test/support/review.ts';
import { auditRows, expectError, seedRecording, staffSession, type StaffSession } from '../../../../test/support/seed-recording.ts';

// The staff API of evidence packets: making one (what it may cite, who it goes to), listing,
// reading one with its links and replies. Previewing its clips and its custody: packet-clips.test.ts.

let h: Harness;
let mod: StaffSession;
let lead: StaffSession;
let source: PacketSource;

beforeAll(async () => {
  h = await createHarness();
  [mod, lead] = await Promise.all([staffSession(h, ['moderator']), staffSession(h, ['lead'])]);
  source = await seedPacketSource(h, { kind: 'mp4', seconds: 4, seed: 31 });
});
afterAll(async () => {
  await h?.close();
});

const post = (s: StaffSession, body: unknown) => callApi(h, s.session, 'POST', '/api/packets', body);

async function newFlag(recordingId: string, category = 'harassment', note = '「二度と来るな」と二回') {
  const res = await callApi(h, mod.session, 'POST', `/api/recordings/${recordingId}/flags`, {
    category,
    severity: 'high',
    startMs: 500,
    endMs: 1_500,
    note,
  });
  return (await jsonOf<FlagDto>(res, 201)).id;
}

async function counts() {
  const [packets, clips, jobs] = await Promise.all([
    h.ctx.db.selectFrom('packets').select('id').execute(),
    h.ctx.db.selectFrom('packet_clips').select('id').execute(),
    h.ctx.db.selectFrom('jobs').select('id').where('queue', '=', 'packet.cut_clip').execute(),
  ]);
  return { packets: packets.length, clips: clips.length, jobs: jobs.length };
}

describe('POST /api/packets', () => {
  it("makes a packet for the creator's agency with its flags and decision, one cut job per clip, audited", async () => {
    const flagId = await newFlag(source.recordingId);
    const itemId = await postReport(h, source.callRef);
    const decision = await decide(h, mod.session, itemId, { outcome: 'refer_to_agency', flagIds: [flagId] });
    const p = await createPacket(
      h,
      mod.session,
      packetBody(
        source.recordingId,
        [
          { startMs: 0, endMs: 1_500 },
          { startMs: 2_000, endMs: 4_000 },
        ],
        { flagIds: [flagId, flagId], decisionId: decision.id },
      ),
    );
    expect(p).toMatchObject({
      status: 'cutting',
      recordingId: source.recordingId,
      callRef: source.callRef,
      agency: { ref: source.agencyRef, name: 'さくら芸能事務所' },
      creator: { ref: source.creatorRef, name: 'Hina' },
      userRef: source.userRef,
      involvesMinor: false,
      author: { id: mod.userId },
      approvedBy: null,
      sharedAt: null,
      clipCount: 2,
      liveLinks: 0,
      replyCount: 0,
      title: '通話中の嫌がらせ',
      failureReason: null,
      flags: [{ id: flagId, category: 'harassment', severity: 'high', startMs: 500, endMs: 1_500, note: '「二度と来るな」と二回' }],
      decision: { id: decision.id, outcome: 'refer_to_agency' },
      links: [],
      replies: [],
      manifest: null,
      recipientChanged: false,
    });
    expect(p.clips.map((c) => ({ position: c.position, startMs: c.startMs, endMs: c.endMs, state: c.state }))).toEqual([
      { position: 1, startMs: 0, endMs: 1_500, state: 'pending' },
      { position: 2, startMs: 2_000, endMs: 4_000, state: 'pending' },
    ]);
    const row = await h.ctx.db.selectFrom('packets').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    const creator = await h.ctx.db
      .selectFrom('creators')
      .select('agency_id')
      .where('ref', '=', source.creatorRef)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ agency_id: creator.agency_id, privacy_policy_version: '2020-12-18', flag_ids: [flagId] });
    const jobs = await h.ctx.db.selectFrom('jobs').selectAll().where('queue', '=', 'packet.cut_clip').execute();
    expect(
      jobs
        .map((j) => ({ payload: j.payload, dedupe: j.dedupe_key, max: j.max_attempts }))
        .sort((a, b) => a.dedupe!.localeCompare(b.dedupe!)),
    ).toEqual(p.clips.map((c) => ({ payload: { clipId: c.id }, dedupe: c.id, max: 3 })).sort((a, b) => a.dedupe.localeCompare(b.dedupe)));
    const [created] = (await auditRows(h, 'packet.created')).filter((e) => e.subject_id === p.id);
    expect(created).toMatchObject({
      actor_type: 'staff',
      actor_id: mod.userId,
      subject_type: 'packet',
      details: {
        recordingId: source.recordingId,
        agencyRef: source.agencyRef,
        clips: [
          { startMs: 0, endMs: 1_500 },
          { startMs: 2_000, endMs: 4_000 },
        ],
        flagIds: [flagId],
        decisionId: decision.id,
      },
    });
    await drainJobs(h);
    expect((await getPacket(h, mod.session, p.id)).status).toBe('ready');
  });

  it('has no field that names a recipient', async () => {
    const before = await counts();
    for (const extra of [{ agencyId: randomUUID() }, { agencyRef: 'other-agency' }, { recipient: 'someone' }]) {
      await expectError(await post(mod, packetBody(source.recordingId, undefined, extra)), 400, 'validation_failed');
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a recording that is unknown, not processed yet or unplayable', async () => {
    const before = await counts();
    await expectError(await post(mod, packetBody(randomUUID())), 404, 'not_found');
    const unprocessed = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 32 }, { process: false });
    await expectError(await post(mod, packetBody(unprocessed.recordingId)), 409, 'recording_not_ready');
    const garbage = await seedRecording(h);
    await drainJobs(h);
    await expectError(await post(mod, packetBody(garbage.recordingId)), 409, 'recording_unplayable');
    expect((await counts()).packets).toBe(before.packets);
  });

  it('refuses clips past the end, flags not on the recording or retracted, and a decision of another call; nothing is written', async () => {
    const other = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 33 });
    const otherFlag = await newFlag(other.recordingId);
    const retracted = await newFlag(source.recordingId);
    await jsonOf(await callApi(h, mod.session, 'POST', `/api/flags/${retracted}/retract`, { reason: 'wrong range' }), 200);
    const otherItem = await postReport(h, other.callRef);
    const otherDecision = await decide(h, mod.session, otherItem, { outcome: 'no_violation' });
    const before = await counts();

    const tooLong = await expectError(
      await post(mod, packetBody(source.recordingId, [{ startMs: 3_000, endMs: 60_000 }])),
      400,
      'validation_failed',
    );
    expect(JSON.stringify(tooLong)).toContain('clips.0.endMs');
    const bad = await post(
      mod,
      packetBody(source.recordingId, undefined, { flagIds: [otherFlag, retracted, randomUUID()], decisionId: otherDecision.id }),
    );
    const text = await bad.clone().text();
    await expectError(bad, 400, 'validation_failed');
    const { details } = (JSON.parse(text) as { error: { details: { path: string; message: string }[] } }).error;
    expect(details).toEqual([
      { path: 'flagIds.0', message: 'not a flag on this recording' },
      { path: 'flagIds.1', message: 'this flag was retracted' },
      { path: 'flagIds.2', message: 'not a flag on this recording' },
      { path: 'decisionId', message: "not a decision on this recording's call" },
    ]);
    for (const clips of [[], [{ startMs: 1_000, endMs: 1_000 }], Array.from({ length: 21 }, () => ({ startMs: 0, endMs: 500 }))]) {
      await expectError(await post(mod, packetBody(source.recordingId, clips)), 400, 'validation_failed');
    }
    expect(await counts()).toEqual(before);
  });

  it('involves a minor when the user is a minor, or a flag or report says a minor was involved, and not otherwise', async () => {
    const plain = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 34 });
    expect((await createPacket(h, mod.session, packetBody(plain.recordingId))).involvesMinor).toBe(false);

    const minorUser = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 34 });
    await h.ctx.db.updateTable('platform_users').set({ is_minor: true }).where('ref', '=', minorUser.userRef).execute();
    expect((await createPacket(h, mod.session, packetBody(minorUser.recordingId))).involvesMinor).toBe(true);

    const flagged = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 34 });
    await newFlag(flagged.recordingId, 'minor_involvement', 'says she is 15');
    expect((await createPacket(h, mod.session, packetBody(flagged.recordingId))).involvesMinor).toBe(true);

    const reported = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 34 });
    await postReport(h, reported.callRef, 'minor_involvement');
    expect((await createPacket(h, mod.session, packetBody(reported.recordingId))).involvesMinor).toBe(true);
  });
});

describe('GET /api/packets', () => {
  it('lists newest first with filters and a keyset cursor, and records the listing', async () => {
    const a = await seedPacketSource(h, { kind: 'mp4', seconds: 2, seed: 35 }, { agency: { ref: 'agency-list', name: 'List Agency' } });
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await createPacket(h, mod.session, packetBody(a.recordingId))).id);
    const list = (q: string) => callApi(h, lead.session, 'GET', `/api/packets?${q}`).then((r) => jsonOf<ListPacketsResponse>(r, 200));

    const first = await list('agency=agency-list&limit=2');
    expect(first.items.map((p) => p.id)).toEqual([made[2], made[1]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(`agency=agency-list&limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ id: made[0] })], nextCursor: null });
    expect(second.items[0]).toMatchObject({ agency: { ref: 'agency-list', name: 'List Agency' }, clipCount: 1, status: 'cutting' });

    expect((await list(`recording=${a.recordingId}`)).items.map((p) => p.id)).toEqual([...made].reverse());
    expect((await list(`recording=${a.recordingId}&status=ready`)).items).toEqual([]);
    await drainJobs(h);
    expect((await list(`recording=${a.recordingId}&status=ready`)).items).toHaveLength(3);

    await expectError(await callApi(h, lead.session, 'GET', '/api/packets?cursor=bm9wZQ'), 400, 'bad_cursor');
    await expectError(await callApi(h, lead.session, 'GET', '/api/packets?status=lost'), 400, 'validation_failed');
    const listed = (await auditRows(h, 'packets.listed')).filter((e) => e.actor_id === lead.userId);
    expect(listed[0]).toMatchObject({ subject_type: 'packets', details: { filters: { agency: 'agency-list', limit: '2' }, count: 2 } });
  });
});

describe('GET /api/packets/:id', () => {
  it('shows links and replies from their tables, says which links still work, and records the view', async () => {
    const p = await readyPacket(h, mod.session, packetBody(source.recordingId));
    const linkId = await shareByFixture(h, p.id, lead.userId);
    const now = h.ctx.now();
    const revoked = await h.ctx.db
      .insertInto('share_links')
      .values({
        packet_id: p.id,
        token_hash: sha256(Buffer.from(randomUUID())),
        recipient_name: 'Old contact',
        expires_at: new Date(now.getTime() + 86_400_000),
        view_cap: 3,
        views: 1,
        passphrase_hash: 'scrypt$x',
        allow_download: false,
        created_by: lead.userId,
        created_at: new Date(now.getTime() - 1000),
        revoked_at: now,
        revoked_by: lead.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.ctx.db
      .insertInto('packet_replies')
      .values({ packet_id: p.id, link_id: linkId, body: '確認しました。', acknowledged: true, created_at: now })
      .execute();

    const seen = await getPacket(h, mod.session, p.id);
    expect(seen).toMatchObject({ status: 'shared', liveLinks: 1, replyCount: 1, sharedAt: expect.any(String) });
    expect(seen.links).toEqual([
      expect.objectContaining({
        id: revoked.id,
        recipientName: 'Old contact',
        live: false,
        passphrase: true,
        viewCap: 3,
        views: 1,
        revokedBy: { id: lead.userId, displayName: expect.any(String) },
      }),
      expect.objectContaining({ id: linkId, live: true, passphrase: false, allowDownload: true, revokedAt: null, revokedBy: null }),
    ]);
    expect(seen.replies).toEqual([
      {
        id: expect.any(String),
        linkId,
        recipientName: '山田 (事務所法務)',
        body: '確認しました。',
        acknowledged: true,
        createdAt: now.toISOString(),
      },
    ]);
    const views = (await auditRows(h, 'packet.viewed')).filter((e) => e.subject_id === p.id && e.actor_id === mod.userId);
    expect(views.length).toBeGreaterThan(0);

    await expectError(await callApi(h, mod.session, 'GET', `/api/packets/${randomUUID()}`), 404, 'not_found');
    await expectError(await callApi(h, mod.session, 'GET', '/api/packets/not-a-uuid'), 404, 'not_found');
  });
});
