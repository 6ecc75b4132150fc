import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOrphans } from '../../apps/api/src/services/objects/sweep-orphans.ts';
import { verifyReceipts } from '../../apps/api/src/services/retention/receipts.ts';
import { runRetention } from '../../apps/api/src/services/retention/run-retention.ts';
import { bearer, createHarness, type Harness } from '../support/harness.ts';
import { callApi } from '../support/http-calls.ts';
import { listKeys, makeMedia } from '../support/media.ts';
import { grantAccess, seedProcessedRecording, seedRecording, staffSession, type StaffSession } from '../support/seed-recording.ts';
import { inject } from 'vitest';
import { newTally, recordResponse } from './support/answers.ts';
import { startKuraServer, startKuraWorker } from './support/child-kura.ts';
import { accountForEverything, chainIntact, checkpointsHold, drainAll } from './support/consistency.ts';
import { figure } from './support/figures.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

// Faults on the real things: the S3 server cut off (through a proxy the test controls) in the
// middle of an upload, a playback and a clip; PostgreSQL dropping the app's connections under
// load; the API process and a worker killed with SIGKILL mid-work and started again. After
// each (and S3 cut mid-retention): no visible half-made recording, every object owned by a row, the chain and its
// checkpoints verify, the client got a clear error, and the same work then succeeds.

let h: Harness;
let proxy: TcpProxy;
let staff: StaffSession;

beforeAll(async () => {
  proxy = await startTcpProxy(inject('s3Endpoint'));
  h = await createHarness({}, { s3Endpoint: proxy.url });
  staff = await staffSession(h, ['moderator', 'lead']);
}, 300_000);

afterAll(async () => {
  await h?.close();
  await proxy?.close();
});

const call = (ref: string, base = h.baseUrl) =>
  fetch(`${base}/v1/ingest/calls/${ref}`, {
    method: 'PUT',
    headers: { ...bearer(), 'content-type': 'application/json' },
    body: JSON.stringify({
      creator: { ref: 'creator-f', name: 'C', agency: { ref: 'agency-a', name: 'Agency A' } },
      user: { ref: 'user-f' },
      startedAt: '2026-11-20T10:00:00+09:00',
      endedAt: '2026-11-20T10:05:00+09:00',
    }),
  });

/** The invariants every fault must leave standing. */
async function afterTheFault(name: string, on: Harness = h) {
  await sweepOrphans(on.ctx);
  const acc = await accountForEverything(on);
  const chain = await chainIntact(on);
  const cps = await checkpointsHold(on);
  figure(`faults: ${name}: objects unaccounted for`, acc.unaccounted.length);
  figure(`faults: ${name}: recordings left mid-upload`, acc.uploadingRows);
  figure(`faults: ${name}: audit chain and checkpoints verify`, String(chain.intact && cps.intact));
  expect(acc.unaccounted, JSON.stringify(acc.unaccounted)).toEqual([]);
  expect(acc.uploadingRows).toBe(0);
  expect(chain.intact, chain.detail).toBe(true);
  expect(cps.intact, cps.detail).toBe(true);
}

/** A JSON error with a code: what a client of a failing Kura must get, when it gets an answer at all. */
async function clearError(res: Response): Promise<string> {
  const t = newTally();
  const seen = await recordResponse(t, 'fault', res);
  expect(t.badErrorShape).toEqual([]);
  expect(seen.status).toBeGreaterThanOrEqual(400);
  return `${seen.status} ${seen.code}`;
}

describe('faults', () => {
  it('S3 stops mid-upload: a clear error, nothing left, and the same upload then succeeds', async () => {
    const ref = `fault-up-${randomBytes(4).toString('hex')}`;
    expect((await call(ref)).status).toBe(201);
    const bytes = randomBytes(12 * 1024 * 1024);
    const cutDone = proxy.cutWhen(/^(PUT|POST) /);
    const res = await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}/recording`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'video/mp4' },
      body: bytes,
    });
    await cutDone;
    const answer = await clearError(res);
    figure('faults: S3 stopped mid-upload: client got', answer);
    proxy.restore();
    await afterTheFault('S3 stopped mid-upload');
    const again = await fetch(`${h.baseUrl}/v1/ingest/calls/${ref}/recording`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'video/mp4' },
      body: bytes,
    });
    expect(again.status).toBe(201);
    await drainAll(h);
    await afterTheFault('S3 stopped mid-upload, retried');
  });

  it('S3 stops mid-stream: the playback breaks off (never a short body taken as whole), then plays again', async () => {
    const bytes = randomBytes(24 * 1024 * 1024);
    const rec = await seedRecording(h, { bytes });
    await drainAll(h);
    await grantAccess(h, staff.session, rec.recordingId);
    const res = await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, { headers: staff.session.headers() });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let got = (await reader.read()).value?.length ?? 0;
    proxy.cut();
    let broke = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        got += value.length;
      }
    } catch {
      broke = true;
    }
    figure('faults: S3 stopped mid-stream: bytes before the break', got);
    expect(broke || got < bytes.length, 'the stream ended cleanly after the storage went away').toBe(true);
    expect(got).toBeLessThan(bytes.length);
    proxy.restore();
    const whole = await fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, { headers: staff.session.headers() });
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    await afterTheFault('S3 stopped mid-stream');
  });

  it('S3 stops mid-clip: the cut is retried and the packet becomes ready', async () => {
    const rec = await seedProcessedRecording(h);
    await grantAccess(h, staff.session, rec.recordingId);
    const created = await callApi(h, staff.session, 'POST', '/api/packets', {
      recordingId: rec.recordingId,
      title: 'fault',
      summary: 'fault',
      clips: [{ startMs: 0, endMs: 1500 }],
    });
    expect(created.status).toBe(201);
    const packetId = ((await created.json()) as { id: string }).id;
    // The clip's own object being written: the source has been read, the output is on its way.
    const cutDone = proxy.cutWhen(/^(PUT|POST) \/[^ ]*clips\//);
    const drained = drainAll(h, 1);
    await cutDone;
    await drained;
    const mid = await h.ctx.db.selectFrom('packet_clips').select('state').where('packet_id', '=', packetId).execute();
    figure('faults: S3 stopped mid-clip: clip states right after the cut', mid.map((c) => c.state).join(', '));
    proxy.restore();
    await drainAll(h);
    const packet = await h.ctx.db.selectFrom('packets').select('status').where('id', '=', packetId).executeTakeFirstOrThrow();
    const clips = await h.ctx.db.selectFrom('packet_clips').select('state').where('packet_id', '=', packetId).execute();
    expect(clips.map((c) => c.state)).toEqual(['ready']);
    expect(packet.status).toBe('ready');
    await afterTheFault('S3 stopped mid-clip');
  });

  it('PostgreSQL drops the app’s connections under load: clear errors while it happens, all well after', async () => {
    const rec = await seedProcessedRecording(h);
    await grantAccess(h, staff.session, rec.recordingId);
    const t = newTally();
    const work = (i: number) => {
      const which = i % 3;
      if (which === 0) return fetch(`${h.baseUrl}/api/recordings`, { headers: staff.session.headers() });
      if (which === 1)
        return fetch(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, {
          headers: { ...staff.session.headers(), range: 'bytes=0-999' },
        });
      return callApi(h, staff.session, 'POST', `/api/recordings/${rec.recordingId}/flags`, {
        category: 'harassment',
        severity: 'low',
        startMs: 0,
        endMs: 500,
      });
    };
    const load = Array.from({ length: 90 }, (_, i) =>
      new Promise((r) => setTimeout(r, i * 5)).then(async () => {
        try {
          await recordResponse(t, `load ${i}`, await work(i));
        } catch (err) {
          t.requests++;
          t.serverErrors.push(`load ${i}: no answer (${(err as Error).message})`);
        }
      }),
    );
    const admin = new pg.Client({ connectionString: h.adminUrl });
    await admin.connect();
    await new Promise((r) => setTimeout(r, 150));
    const killed = await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [h.dbName],
    );
    await admin.end();
    await Promise.all(load);
    figure('faults: PostgreSQL connections terminated', killed.rowCount ?? 0);
    figure('faults: PostgreSQL under load: requests', t.requests);
    figure('faults: PostgreSQL under load: answered with an error', t.refused);
    figure('faults: PostgreSQL under load: errors without the JSON shape', t.badErrorShape.length);
    expect(t.badErrorShape).toEqual([]);
    // Every failure is an answer (JSON), none a dropped connection.
    expect(t.serverErrors.filter((e) => e.includes('no answer'))).toEqual([]);
    // Work resumes: the same mix, all answered.
    const after = newTally();
    for (let i = 0; i < 12; i++) await recordResponse(after, `after ${i}`, await work(i));
    expect(after.refused, JSON.stringify(after)).toBe(0);
    await afterTheFault('PostgreSQL connections terminated');
  });

  it('the API process is killed mid-ingest and started again', async () => {
    let server = await startKuraServer(h);
    const ref = `fault-kill-${randomBytes(4).toString('hex')}`;
    expect((await call(ref, server.url!)).status).toBe(201);
    const media = await makeMedia({ kind: 'mp4', seconds: 3, seed: 77 });
    const big = Buffer.concat([media.bytes, randomBytes(16 * 1024 * 1024)]);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(ctl) {
        if (sent >= big.length) return ctl.close();
        const chunk = big.subarray(sent, sent + 64 * 1024);
        sent += chunk.length;
        await new Promise((r) => setTimeout(r, 20));
        ctl.enqueue(chunk);
      },
    });
    const upload = fetch(`${server.url}/v1/ingest/calls/${ref}/recording`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'video/mp4' },
      body,
      duplex: 'half',
    } as RequestInit).then(
      (r) => `answered ${r.status}`,
      (e: Error) => `connection lost (${e.message})`,
    );
    // Killed once the row exists and bytes are flowing.
    for (let i = 0; i < 400; i++) {
      const row = await h.ctx.db
        .selectFrom('recordings as r')
        .innerJoin('calls as c', 'c.id', 'r.call_id')
        .select('r.state')
        .where('c.ref', '=', ref)
        .executeTakeFirst();
      if (row && sent > 2 * 1024 * 1024) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await server.kill();
    const outcome = await upload;
    figure('faults: API killed mid-ingest: client saw', outcome);
    expect(outcome).toMatch(/^connection lost/);
    // Invisible while it waits for the sweeper: no recording to staff, none to the platform.
    const list = await callApi(h, staff.session, 'GET', '/api/recordings');
    const listed = JSON.stringify(await list.json());
    const stuck = await h.ctx.db.selectFrom('recordings').select(['id', 'state']).where('state', '=', 'uploading').execute();
    for (const s of stuck) expect(listed).not.toContain(s.id);
    figure('faults: API killed mid-ingest: rows left uploading (invisible)', stuck.length);
    // The sweeper treats an upload older than its cutoff as a crashed process's: age it past that.
    await h.ctx.db
      .updateTable('recordings')
      .set({ upload_started_at: new Date(h.ctx.now().getTime() - 7 * 60 * 60 * 1000) })
      .where('state', '=', 'uploading')
      .execute();
    server = await startKuraServer(h);
    try {
      const again = await fetch(`${server.url}/v1/ingest/calls/${ref}/recording`, {
        method: 'PUT',
        headers: { ...bearer(), 'content-type': 'video/mp4' },
        body: big,
      });
      expect(again.status, await again.clone().text()).toBe(201);
    } finally {
      await server.kill();
    }
    await drainAll(h);
    await afterTheFault('API killed mid-ingest');
  });

  it('a worker is killed mid-job; the job is taken up again and finishes', async () => {
    const media = await makeMedia({ kind: 'mp4', seconds: 8, seed: 78 });
    const rec = await seedRecording(h, { bytes: media.bytes, contentType: media.contentType });
    const worker = await startKuraWorker(h);
    let running = false;
    for (let i = 0; i < 600 && !running; i++) {
      const jobs = await h.ctx.db.selectFrom('jobs').select(['state', 'payload']).where('queue', '=', 'recording.process').execute();
      running = jobs.some((j) => (j.payload as { recordingId?: string }).recordingId === rec.recordingId && j.state === 'running');
      if (!running) await new Promise((r) => setTimeout(r, 20));
    }
    await worker.kill();
    figure('faults: worker killed while its job was running', String(running));
    // Its lease would run out on its own; skip the wait rather than move the clock.
    await h.ctx.db
      .updateTable('jobs')
      .set({ locked_until: new Date(h.ctx.now().getTime() - 1000) })
      .where('state', '=', 'running')
      .execute();
    await drainAll(h);
    const done = await h.ctx.db.selectFrom('recordings').select('state').where('id', '=', rec.recordingId).executeTakeFirstOrThrow();
    expect(done.state).toBe('ready');
    await afterTheFault('worker killed mid-job');
  });

  it('S3 stops mid-retention: the run reports it, buries nothing it did not delete, and the next run finishes', async () => {
    // A harness of its own: the clock moves 40 days, which would make every other test's
    // recordings due too.
    const own = await startTcpProxy(inject('s3Endpoint'));
    const r = await createHarness({}, { s3Endpoint: own.url });
    try {
      const recs = [await seedProcessedRecording(r), await seedRecording(r), await seedRecording(r)];
      const ids = recs.map((x) => x.recordingId);
      const rows = () =>
        r.ctx.db.selectFrom('recordings').select(['id', 'state', 'expiry_stage', 'wrapped_dek']).where('id', 'in', ids).execute();
      const buried = () => r.ctx.db.selectFrom('tombstones').select('object_key').where('recording_id', 'in', ids).execute();
      const keysBefore = await listKeys(r);
      r.advance(40 * 24 * 60 * 60 * 1000);

      // Cut at the DeleteObjects request itself: the keys are destroyed, the objects not yet.
      const cutDone = own.cutWhen(/^POST \S*\?delete/);
      const lines: string[] = [];
      const failed = await runRetention(r.ctx, { triggeredBy: 'test', retryDelaysMs: [1, 1], onProgress: (l) => lines.push(l) });
      await cutDone;
      if (failed.status !== 'done') throw new Error('retention lock held');
      figure('faults: S3 stopped mid-retention: errors reported by the run', failed.report.errors.length);
      expect(failed.report.expired).toBe(0);
      expect(failed.report.errors).toHaveLength(1);
      expect(failed.report.errors[0]).toMatchObject({ stage: 'delete_objects', attempts: 3 });
      expect([...failed.report.errors[0]!.recordingIds!].sort()).toEqual([...ids].sort());
      expect(lines.some((l) => l.includes('S3 delete failed'))).toBe(true);
      expect(await buried()).toEqual([]);
      // Unreadable already, yet not claimed as deleted.
      expect((await rows()).every((x) => x.expiry_stage === 'keys_destroyed' && x.wrapped_dek === null && x.state !== 'expired')).toBe(
        true,
      );

      own.restore();
      expect(await listKeys(r)).toEqual(keysBefore);
      const next = await runRetention(r.ctx, { triggeredBy: 'test', retryDelaysMs: [1, 1] });
      if (next.status !== 'done') throw new Error('retention lock held');
      expect(next.report).toMatchObject({ expired: ids.length, errors: [] });
      expect((await rows()).every((x) => x.state === 'expired' && x.expiry_stage === null)).toBe(true);
      const media = (keys: string[]) => keys.filter((k) => !k.startsWith('audit-checkpoints/'));
      // One tombstone per object that was there, and none of them left.
      expect((await buried()).map((t) => t.object_key).sort()).toEqual(media(keysBefore));
      expect(media(await listKeys(r))).toEqual([]);
      const receipts = await verifyReceipts(r.ctx);
      figure('faults: S3 stopped mid-retention: receipts verify', String(receipts.ok));
      expect(receipts).toMatchObject({ ok: true, runs: 2, headHash: next.receiptHash });
      await afterTheFault('S3 stopped mid-retention', r);
    } finally {
      await r.close();
      await own.close();
    }
  });
});
