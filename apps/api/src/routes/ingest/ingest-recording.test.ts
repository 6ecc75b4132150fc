import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { readRingFile, refDecryptWithRow } from '../../../../../test/support/krv1-reference.ts';
import {
  collect,
  expectError,
  getObject,
  listKeys,
  makeMedia,
  putCall,
  sha256,
  sharesA64ByteRun,
  uploadRecording,
  waitFor,
} from '../../../../../test/support/media.ts';
import { verifyChain } from '../../services/audit/verify-chain.ts';
import { openPlaintext, storedObjectOf } from '../../services/objects/encrypted-objects.ts';
import { sweepOrphans } from '../../services/objects/sweep-orphans.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const recordingRow = (id: string) => h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const recordingCount = async () => (await h.ctx.db.selectFrom('recordings').select('id').execute()).length;
const orphans = async () => (await h.ctx.db.selectFrom('orphan_objects').select('object_key').execute()).map((o) => o.object_key);

describe('PUT /v1/ingest/calls/:callRef/recording', () => {
  it('stores a real mp4 as KRV1 at recordings/{id}, holding no plaintext run, decryptable from the row and key ring alone', async () => {
    const media = await makeMedia({ kind: 'mp4', seconds: 3, seed: 1 });
    const source = media.bytes;
    expect(source.length).toBeGreaterThan(64 * 1024); // spans more than one 64 KiB segment

    expect((await putCall(h, 'call-rec-1')).status).toBe(201);
    const res = await uploadRecording(h, 'call-rec-1', source, 'video/mp4');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { recordingId: string; sha256: string; bytes: number };
    expect(body).toEqual({ recordingId: expect.stringMatching(/^[0-9a-f-]{36}$/), sha256: sha256(source), bytes: source.length });

    const row = await recordingRow(body.recordingId);
    expect(row).toMatchObject({
      state: 'processing',
      object_key: `recordings/${body.recordingId}`,
      content_type: 'video/mp4',
      sha256: sha256(source),
    });
    expect(Number(row.plaintext_bytes)).toBe(source.length);
    expect(await listKeys(h)).toEqual([`recordings/${body.recordingId}`]);

    const stored = await getObject(h, row.object_key);
    const S = 2 ** row.segment_log2;
    const n = Math.max(1, Math.ceil(source.length / S));
    expect(stored.length).toBe(16 + n * 16 + source.length);
    expect(Number(row.stored_bytes)).toBe(stored.length);
    expect(stored.subarray(0, 16).equals(row.krv1_header)).toBe(true);

    // No 64-byte run of the source survives in the stored bytes (and the check itself can fail).
    expect(sharesA64ByteRun(source, stored)).toBe(false);
    const planted = Buffer.concat([randomBytes(1001), source.subarray(5003, 5067), randomBytes(999)]);
    expect(sharesA64ByteRun(source, planted)).toBe(true);

    // Only the row (id, wrapped_dek, kek_id) and the key ring JSON file: the reference reader.
    const ring = await readRingFile(h.ctx.config.keyringPath);
    expect(row.kek_id).toBe(ring.active);
    const plain = refDecryptWithRow(stored, { id: row.id, kek_id: row.kek_id, wrapped_dek: row.wrapped_dek }, ring);
    expect(sha256(plain)).toBe(sha256(source));
    // Bound to its object: the same bytes under another id do not open.
    expect(() => refDecryptWithRow(stored, { id: randomUUID(), kek_id: row.kek_id, wrapped_dek: row.wrapped_dek }, ring)).toThrow();
    // Truncation is detected.
    expect(() => refDecryptWithRow(stored.subarray(0, stored.length - 1), row, ring)).toThrow();

    const audit = await h.ctx.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'recording.ingested')
      .where('subject_id', '=', row.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_type: 'service', request_id: res.headers.get('x-request-id') });
    expect(audit[0]!.details).toMatchObject({
      callRef: 'call-rec-1',
      sha256: sha256(source),
      bytes: source.length,
      contentType: 'video/mp4',
    });
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });

  it('answers a repeat of the same bytes with 200 and the same id, different bytes with 409, storing nothing more', async () => {
    const media = await makeMedia({ kind: 'mp4', seconds: 3, seed: 2 });
    expect((await putCall(h, 'call-rec-2')).status).toBe(201);
    const first = await uploadRecording(h, 'call-rec-2', media.bytes);
    expect(first.status).toBe(201);
    const { recordingId } = (await first.json()) as { recordingId: string };
    const keys = await listKeys(h);
    const rows = await recordingCount();
    const ingested = async () =>
      (await h.ctx.db.selectFrom('audit_events').select('seq').where('action', '=', 'recording.ingested').execute()).length;
    const audits = await ingested();

    const again = await uploadRecording(h, 'call-rec-2', media.bytes);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ recordingId, sha256: sha256(media.bytes), bytes: media.bytes.length });

    // Different content: another clip, the same clip with one byte changed, or a prefix of it.
    const flipped = Buffer.from(media.bytes);
    const mid = flipped.length >> 1;
    flipped[mid] = flipped[mid]! ^ 0x01;
    const other = await makeMedia({ kind: 'mp4', seconds: 3, seed: 3 });
    for (const bytes of [other.bytes, flipped, media.bytes.subarray(0, media.bytes.length - 1)]) {
      await expectError(uploadRecording(h, 'call-rec-2', bytes), 409, 'recording_exists');
    }
    expect(await listKeys(h)).toEqual(keys);
    expect(await recordingCount()).toBe(rows);
    expect(await orphans()).toEqual([]);
    expect(await ingested()).toBe(audits);
    expect((await recordingRow(recordingId)).sha256).toBe(sha256(media.bytes));
  });
});

describe('concurrent uploads for one call', () => {
  async function race(ref: string, bodies: Buffer[]) {
    expect((await putCall(h, ref)).status).toBe(201);
    const before = new Set(await listKeys(h));
    const answers = await Promise.all(
      bodies.map(async (b) => {
        const res = await uploadRecording(h, ref, b);
        return { status: res.status, body: (await res.json()) as { recordingId?: string; error?: { code: string } } };
      }),
    );
    const call = await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', ref).executeTakeFirstOrThrow();
    const rows = await h.ctx.db.selectFrom('recordings').select(['id', 'state', 'object_key']).where('call_id', '=', call.id).execute();
    const added = (await listKeys(h)).filter((k) => !before.has(k));
    return { answers, rows, added };
  }

  it('the same bytes three times at once: one 201, the others 200 with the same id, one row, one object', async () => {
    const media = await makeMedia({ kind: 'mp4', seconds: 3, seed: 4 });
    const { answers, rows, added } = await race('call-race-same', [media.bytes, media.bytes, media.bytes]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.recordingId))).toEqual(new Set([rows[0]?.id]));
    expect(rows).toHaveLength(1);
    expect(added).toEqual([rows[0]!.object_key]);
    expect(await orphans()).toEqual([]);
  });

  it('different bytes at once: one 201, one 409, and only the winner is stored', async () => {
    const a = await makeMedia({ kind: 'mp4', seconds: 3, seed: 4 });
    const b = await makeMedia({ kind: 'mp4', seconds: 3, seed: 5 });
    const { answers, rows, added } = await race('call-race-diff', [a.bytes, b.bytes]);
    expect(answers.map((x) => x.status).sort()).toEqual([201, 409]);
    expect(answers.find((x) => x.status === 409)!.body.error!.code).toBe('recording_exists');
    expect(rows).toHaveLength(1);
    expect(answers.find((x) => x.status === 201)!.body.recordingId).toBe(rows[0]!.id);
    expect(added).toEqual([rows[0]!.object_key]);
    expect(await orphans()).toEqual([]);
  });
});

describe('an upload cut off half-way', () => {
  async function expectCleanedUp(callRef: string): Promise<void> {
    const call = await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', callRef).executeTakeFirstOrThrow();
    const rowsOf = () => h.ctx.db.selectFrom('recordings').select('state').where('call_id', '=', call.id).execute();
    await waitFor('the half-made recording row to go', async () => (await rowsOf()).length === 0);
    // Whatever S3 still holds for it is on the orphan ledger, and the sweeper removes it.
    const left = (await listKeys(h)).filter((k) => !existing.has(k));
    const ledger = await orphans();
    for (const k of left) expect(ledger).toContain(k);
    await sweepOrphans(h.ctx);
    expect((await listKeys(h)).filter((k) => !existing.has(k))).toEqual([]);
    expect(await orphans()).toEqual([]);
  }
  let existing: Set<string>;
  beforeAll(async () => {
    existing = new Set(await listKeys(h));
  });

  it('a raw request destroyed mid-body (declared 20 MiB, 10 MiB sent) leaves no row and no unaccounted object', async () => {
    expect((await putCall(h, 'call-abort-1')).status).toBe(201);
    const call = await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', 'call-abort-1').executeTakeFirstOrThrow();
    const url = new URL(h.baseUrl);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: 'PUT',
      path: '/v1/ingest/calls/call-abort-1/recording',
      headers: { ...bearer(), 'content-type': 'video/mp4', 'content-length': String(20 * 1024 * 1024) },
    });
    req.on('error', () => undefined);
    const chunk = randomBytes(256 * 1024);
    for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk.length) {
      if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
    }
    // The server has started on it: an invisible 'uploading' row accounts for the object.
    await waitFor('the upload to start', async () =>
      (await h.ctx.db.selectFrom('recordings').select('state').where('call_id', '=', call.id).execute()).some(
        (r) => r.state === 'uploading',
      ),
    );
    req.destroy();
    await expectCleanedUp('call-abort-1');
    // The call can still get its recording afterwards.
    const media = await makeMedia({ kind: 'mp4', seconds: 3, seed: 1 });
    expect((await uploadRecording(h, 'call-abort-1', media.bytes)).status).toBe(201);
    existing = new Set(await listKeys(h));
  });

  it('a streamed fetch aborted by the client leaves no row and no unaccounted object', async () => {
    expect((await putCall(h, 'call-abort-2')).status).toBe(201);
    const call = await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', 'call-abort-2').executeTakeFirstOrThrow();
    const controller = new AbortController();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (sent >= 64 * 1024 * 1024) return c.close();
        sent += 128 * 1024;
        await new Promise((r) => setTimeout(r, 5));
        c.enqueue(randomBytes(128 * 1024));
      },
    });
    const res = fetch(`${h.baseUrl}/v1/ingest/calls/call-abort-2/recording`, {
      method: 'PUT',
      headers: { ...bearer(), 'content-type': 'video/webm' },
      body,
      signal: controller.signal,
      duplex: 'half',
    } as RequestInit);
    res.catch(() => undefined);
    await waitFor('some bytes to arrive', async () => {
      const rows = await h.ctx.db.selectFrom('recordings').select('state').where('call_id', '=', call.id).execute();
      return rows.length > 0 && sent > 3 * 1024 * 1024;
    });
    controller.abort();
    await expect(res).rejects.toThrow();
    await expectCleanedUp('call-abort-2');
  });
});

describe('an upload the sweeper gave up on', () => {
  it('is refused when it finally ends (408), not answered 201 with nothing kept', async () => {
    expect((await putCall(h, 'call-slow')).status).toBe(201);
    const call = await h.ctx.db.selectFrom('calls').select('id').where('ref', '=', 'call-slow').executeTakeFirstOrThrow();
    const before = new Set(await listKeys(h));
    const body = randomBytes(256 * 1024);
    const url = new URL(h.baseUrl);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      method: 'PUT',
      path: '/v1/ingest/calls/call-slow/recording',
      headers: { ...bearer(), 'content-type': 'video/mp4', 'content-length': String(body.length) },
    });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      req.on('response', async (res) => resolve({ status: res.statusCode ?? 0, text: (await collect(res)).toString('utf8') }));
      req.on('error', reject);
    });
    req.write(body.subarray(0, 100 * 1024));
    await waitFor(
      'the upload to start',
      async () => (await h.ctx.db.selectFrom('recordings').select('state').where('call_id', '=', call.id).execute()).length === 1,
    );
    // Seven hours later (as far as the sweeper can tell) the upload still has not finished.
    h.advance(7 * 60 * 60 * 1000);
    expect((await sweepOrphans(h.ctx)).staleUploads).toBe(1);
    req.end(body.subarray(100 * 1024));

    const res = await answer;
    expect(res.status, res.text).toBe(408);
    expect(JSON.parse(res.text).error.code).toBe('upload_expired');
    expect(await h.ctx.db.selectFrom('recordings').select('id').where('call_id', '=', call.id).execute()).toEqual([]);
    expect((await listKeys(h)).filter((k) => !before.has(k))).toEqual([]);
    expect(await orphans()).toEqual([]);
    // Sent again, it is stored.
    expect((await uploadRecording(h, 'call-slow', body)).status).toBe(201);
  });
});

// The API's own read path agrees with the reference reader.
it('openPlaintext (the API decrypt path) returns the uploaded bytes', async () => {
  const media = await makeMedia({ kind: 'mp4', seconds: 3, seed: 1 });
  const row = await h.ctx.db.selectFrom('recordings').selectAll().where('sha256', '=', sha256(media.bytes)).executeTakeFirstOrThrow();
  const plain = await collect(await openPlaintext(h.ctx, storedObjectOf(row)));
  expect(sha256(plain)).toBe(sha256(media.bytes));
});
