import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRegistry } from '../lib/metrics.ts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import {
  auditRows,
  expectError,
  getMedia,
  grantAccess,
  seedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
  whileAuditRefused,
} from '../../../../test/support/seed-recording.ts';

// The media route sends the ciphertext GET of a range early, beside its checks, once this process
// served the session that recording (services/recordings/early-read.ts). These tests attack that:
// the GET sent early must never turn a refusal into bytes, nor an audit failure into a read.

const S = 65_536;

let h: Harness;
let rec: SeededRecording;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedRecording(h);
});
afterAll(async () => {
  await h?.close();
});

async function earlyReads(): Promise<{ claimed: number; dropped: number }> {
  const values = (await metricsRegistry.getSingleMetric('kura_media_early_reads_total')!.get()).values;
  const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { claimed: of('claimed'), dropped: of('dropped') };
}

async function served(s: StaffSession, range: string): Promise<Buffer> {
  const res = await getMedia(h, s.session, rec.recordingId, range);
  expect(res.status).toBe(206);
  return Buffer.from(await res.arrayBuffer());
}

/** A moderator with a grant who has just been served a range: their next range starts early. */
async function servedModerator() {
  const mod = await staffSession(h, ['moderator']);
  const grant = await grantAccess(h, mod.session, rec.recordingId);
  await served(mod, 'bytes=0-9');
  return { mod, grant };
}

async function mediaReads(): Promise<number> {
  return (await auditRows(h, 'media.read')).length;
}

describe('media route: the early ciphertext GET', () => {
  it('is sent only after this session was served the recording, and serves the same bytes', async () => {
    const mod = await staffSession(h, ['moderator']);
    await grantAccess(h, mod.session, rec.recordingId);
    const before = await earlyReads();
    // The first range of a session goes the usual way.
    expect(await served(mod, 'bytes=10-99')).toEqual(rec.bytes.subarray(10, 100));
    expect(await earlyReads()).toEqual(before);
    // The next ones start early, across segment boundaries and to the last byte.
    const last = rec.bytes.length - 1;
    for (const [a, b] of [
      [S - 5, S + 5],
      [0, 3 * S],
      [last - 10, last],
    ] as const) {
      expect(await served(mod, `bytes=${a}-${b}`)).toEqual(rec.bytes.subarray(a, b + 1));
    }
    expect(await earlyReads()).toEqual({ claimed: before.claimed + 3, dropped: before.dropped });
    // Every range is on the record, early or not.
    const reads = (await auditRows(h, 'media.read')).filter((e) => e.actor_id === mod.userId);
    expect(reads.map((e) => (e.details as { range: unknown }).range)).toEqual([
      { start: 10, end: 99 },
      { start: S - 5, end: S + 5 },
      { start: 0, end: 3 * S },
      { start: last - 10, end: last },
    ]);
  });

  it('is dropped unread when the grant was revoked meanwhile, and not sent again', async () => {
    const { mod, grant } = await servedModerator();
    await h.ctx.db.updateTable('access_grants').set({ revoked_at: h.ctx.now() }).where('id', '=', grant.id).execute();
    const before = await earlyReads();
    const reads = await mediaReads();
    await expectError(await getMedia(h, mod.session, rec.recordingId, 'bytes=100-199'), 403, 'grant_required');
    expect(await earlyReads()).toEqual({ claimed: before.claimed, dropped: before.dropped + 1 });
    // The refusal forgot the pair: the next request sends nothing early.
    await expectError(await getMedia(h, mod.session, rec.recordingId, 'bytes=100-199'), 403, 'grant_required');
    expect(await earlyReads()).toEqual({ claimed: before.claimed, dropped: before.dropped + 1 });
    expect(await mediaReads()).toBe(reads);
  });

  it('is dropped unread when the session ended meanwhile (401)', async () => {
    const { mod } = await servedModerator();
    await h.ctx.db.updateTable('staff_sessions').set({ revoked_at: h.ctx.now() }).where('user_id', '=', mod.userId).execute();
    const before = await earlyReads();
    const reads = await mediaReads();
    await expectError(await getMedia(h, mod.session, rec.recordingId, 'bytes=100-199'), 401, 'unauthorized');
    expect(await earlyReads()).toEqual({ claimed: before.claimed, dropped: before.dropped + 1 });
    expect(await mediaReads()).toBe(reads);
  });

  it('is dropped unread when the media.read event cannot be written (503), and nothing is served', async () => {
    const { mod } = await servedModerator();
    const before = await earlyReads();
    await whileAuditRefused(h, async () => {
      const res = await getMedia(h, mod.session, rec.recordingId, 'bytes=100-199');
      expect(res.headers.get('content-range')).toBeNull();
      await expectError(res, 503, 'audit_unavailable');
    });
    // The GET was claimed (the read waits for the audit beside it) and then dropped unread.
    expect((await earlyReads()).claimed).toBe(before.claimed + 1);
    // Served again once the audit works, the usual way first.
    expect(await served(mod, 'bytes=100-199')).toEqual(rec.bytes.subarray(100, 200));
  });

  it('starts nothing for another session, another recording, a HEAD, or a range past the end', async () => {
    const mod = await staffSession(h, ['moderator']);
    const other = await staffSession(h, ['moderator']);
    const second = await seedRecording(h);
    await grantAccess(h, mod.session, rec.recordingId);
    await grantAccess(h, other.session, rec.recordingId);
    await served(mod, 'bytes=0-9');
    const before = await earlyReads();
    expect(await served(other, 'bytes=0-9')).toEqual(rec.bytes.subarray(0, 10));
    await expectError(await getMedia(h, mod.session, second.recordingId, 'bytes=0-9'), 403, 'grant_required');
    const head = await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, {
      method: 'HEAD',
      headers: { ...mod.session.headers(), range: 'bytes=0-9' },
    });
    expect(head.status).toBe(206);
    const past = await getMedia(h, mod.session, rec.recordingId, `bytes=${rec.bytes.length}-`);
    await expectError(past, 416, 'range_not_satisfiable');
    expect(await earlyReads()).toEqual(before);
  });

  it('never lets a caller without a session this process served start one (forged cookies)', async () => {
    const before = await earlyReads();
    const forged = { headers: () => ({ cookie: `kura_session=${'A'.repeat(43)}` }) };
    for (let i = 0; i < 5; i++) {
      await expectError(
        await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, { headers: { ...forged.headers(), range: 'bytes=0-9' } }),
        401,
        'unauthorized',
      );
    }
    expect(await earlyReads()).toEqual(before);
  });
});
