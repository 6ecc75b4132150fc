import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { expectError, expectRawError, leftovers, putCall, rawRequest, uploadRecording } from '../../../../../test/support/media.ts';

// Rule 8: every bad upload gets its 4xx JSON error and leaves nothing half-made behind.

const LIMIT = 64 * 1024;
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ maxUploadBytes: LIMIT });
  expect((await putCall(h, 'call-err')).status).toBe(201);
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  expect(await leftovers(h)).toEqual({ recordings: 0, objects: [], orphans: [] });
});

const path = '/v1/ingest/calls/call-err/recording';
const auth = (type = 'video/mp4') => ({ ...bearer(), 'content-type': type });

describe('empty bodies', () => {
  it('Content-Length: 0 is 400 empty_body', async () => {
    expectRawError(await rawRequest(h, { method: 'PUT', path, headers: { ...auth(), 'content-length': '0' } }), 400, 'empty_body');
    await expectError(uploadRecording(h, 'call-err', Buffer.alloc(0)), 400, 'empty_body');
  });

  it('a chunked stream with no bytes is 400 empty_body', async () => {
    expectRawError(
      await rawRequest(h, { method: 'PUT', path, headers: { ...auth(), 'transfer-encoding': 'chunked' }, chunks: [] }),
      400,
      'empty_body',
    );
    // Zero-length chunks are still no bytes.
    expectRawError(
      await rawRequest(h, {
        method: 'PUT',
        path,
        headers: { ...auth(), 'transfer-encoding': 'chunked' },
        chunks: [Buffer.alloc(0), Buffer.alloc(0)],
      }),
      400,
      'empty_body',
    );
    const empty = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
    const res = await fetch(`${h.baseUrl}${path}`, { method: 'PUT', headers: auth(), body: empty, duplex: 'half' } as RequestInit);
    await expectError(res, 400, 'empty_body');
  });
});

describe('content types', () => {
  it.each([['text/plain'], ['application/json'], ['application/octet-stream'], ['video'], ['video/'], ['multipart/form-data; boundary=x']])(
    '%s is 415',
    async (type) => {
      await expectError(uploadRecording(h, 'call-err', randomBytes(1000), type), 415, 'unsupported_media_type');
    },
  );

  it('a missing content type is 415', async () => {
    expectRawError(
      await rawRequest(h, { method: 'PUT', path, headers: { ...bearer(), 'content-length': '1000' }, chunks: [randomBytes(1000)] }),
      415,
      'unsupported_media_type',
    );
  });

  it('parameters and case are tolerated: Video/MP4; codecs=... is accepted', async () => {
    // Sanity check the limit harness accepts a good upload at all, then tidy it away again.
    const res = await uploadRecording(h, 'call-err', randomBytes(1000), 'Video/MP4; codecs="avc1"');
    expect(res.status).toBe(201);
    const { recordingId } = (await res.json()) as { recordingId: string };
    const row = await h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', recordingId).executeTakeFirstOrThrow();
    expect(row.content_type).toBe('video/mp4');
    await h.ctx.db.deleteFrom('jobs').execute();
    await h.ctx.db.deleteFrom('recordings').where('id', '=', recordingId).execute();
    await h.ctx.store.delete(row.object_key);
  });
});

describe('size limit', () => {
  it('a declared Content-Length over the limit is 413 before any byte is stored', async () => {
    const res = await rawRequest(h, {
      method: 'PUT',
      path,
      headers: { ...auth(), 'content-length': String(LIMIT + 1) },
      chunks: [randomBytes(LIMIT + 1)],
    });
    expectRawError(res, 413, 'payload_too_large');
    await expectError(uploadRecording(h, 'call-err', randomBytes(LIMIT * 4)), 413, 'payload_too_large');
  });

  it('exactly the limit is accepted', async () => {
    const res = await uploadRecording(h, 'call-err', randomBytes(LIMIT));
    expect(res.status).toBe(201);
    const { recordingId } = (await res.json()) as { recordingId: string };
    const row = await h.ctx.db.selectFrom('recordings').selectAll().where('id', '=', recordingId).executeTakeFirstOrThrow();
    await h.ctx.db.deleteFrom('jobs').execute();
    await h.ctx.db.deleteFrom('recordings').where('id', '=', recordingId).execute();
    await h.ctx.store.delete(row.object_key);
  });

  it('a chunked stream that runs past the limit is 413, and what was stored is removed', async () => {
    const chunks = Array.from({ length: 12 }, () => randomBytes(8 * 1024)); // 96 KiB
    const res = await rawRequest(h, { method: 'PUT', path, headers: { ...auth(), 'transfer-encoding': 'chunked' }, chunks });
    expectRawError(res, 413, 'payload_too_large');
    // The rest of the body is never read: the connection must not be reused for the next request.
    expect(res.headers.connection).toBe('close');

    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 40; i++) c.enqueue(randomBytes(4 * 1024));
        c.close();
      },
    });
    const viaFetch = await fetch(`${h.baseUrl}${path}`, { method: 'PUT', headers: auth(), body, duplex: 'half' } as RequestInit);
    await expectError(viaFetch, 413, 'payload_too_large');
    // A keep-alive client's next request works (it used to hit the socket closed under it).
    await expectError(uploadRecording(h, 'no-such-call', randomBytes(2000)), 404, 'not_found');
  });
});

describe('unknown or malformed calls', () => {
  it('an unknown call is 404, with or without a body', async () => {
    await expectError(uploadRecording(h, 'no-such-call', randomBytes(2000)), 404, 'not_found');
    const chunked = await rawRequest(h, {
      method: 'PUT',
      path: '/v1/ingest/calls/no-such-call/recording',
      headers: { ...auth(), 'transfer-encoding': 'chunked' },
      chunks: [randomBytes(4096), randomBytes(4096)],
    });
    expectRawError(chunked, 404, 'not_found');
  });

  it('a malformed call reference is 400 validation_failed', async () => {
    await expectError(uploadRecording(h, 'bad ref!', randomBytes(2000)), 400, 'validation_failed');
  });

  it('other methods on the recording route are JSON 404s', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await fetch(`${h.baseUrl}${path}`, { method, headers: bearer() });
      expect(res.status, method).toBeGreaterThanOrEqual(400);
      expect(res.status, method).toBeLessThan(500);
      await expectError(res, res.status);
    }
  });
});
