import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PartBuffers, uploadStream, type MultipartOptions } from './multipart-upload.ts';
import { ObjectStore } from './object-store.ts';

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const BUCKET = `multipart-${randomBytes(4).toString('hex')}`;

const config = (secretAccessKey = 'S3RVER') => ({
  endpoint: inject('s3Endpoint'),
  bucket: BUCKET,
  region: 'us-east-1',
  accessKeyId: 'S3RVER',
  secretAccessKey,
});

/** `bytes` as a stream of uneven chunks, so that parts never line up with chunks. */
function chunked(bytes: Buffer, chunk = 70_001): Readable {
  let at = 0;
  return new Readable({
    read() {
      if (at >= bytes.length) return void this.push(null);
      this.push(bytes.subarray(at, at + chunk));
      at += chunk;
    },
  });
}

/** Counts the buffers it had to allocate, that is, those it could not hand back from its kept ones. */
class CountingBuffers extends PartBuffers {
  allocations = 0;
  override take(size: number): Buffer {
    const held = this.heldBytes;
    const buffer = super.take(size);
    if (this.heldBytes === held) this.allocations += 1;
    return buffer;
  }
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function stored(store: ObjectStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await store.get(key)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('streamed multipart upload into reused part buffers, against a real S3 server', () => {
  let store: ObjectStore;
  let client: S3Client;
  beforeAll(async () => {
    store = ObjectStore.fromConfig(config());
    await store.ensureBucket();
    const c = config();
    client = new S3Client({
      endpoint: c.endpoint,
      region: c.region,
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
      forcePathStyle: true,
    });
  });
  afterAll(() => {
    store.destroy();
    client.destroy();
  });

  const upload = (key: string, body: Readable, buffers = new PartBuffers(3), more: Partial<MultipartOptions> = {}) =>
    uploadStream(body, {
      client,
      bucket: BUCKET,
      key,
      contentType: 'application/octet-stream',
      partSize: PART,
      queueSize: 2,
      buffers,
      ...more,
    });

  it('stores every byte of an object of several parts, in order, and a second upload through the same buffers stores its own', async () => {
    const buffers = new CountingBuffers(3);
    const first = randomBytes(3 * PART + 12_345);
    const second = randomBytes(2 * PART + 1);
    await upload('parts/first', chunked(first), buffers);
    const allocated = buffers.allocations;
    // Two in flight and one filling at most (fewer if the server answers before the next fills).
    expect(allocated).toBeGreaterThanOrEqual(2);
    expect(allocated).toBeLessThanOrEqual(3);
    expect(buffers.heldBytes).toBe(allocated * PART);
    await upload('parts/second', chunked(second, 65_536), buffers);
    // Reused, not added to: the second upload's three parts went through the first one's buffers.
    expect(buffers.allocations).toBeLessThanOrEqual(3);
    expect(buffers.heldBytes).toBe(buffers.allocations * PART);
    expect(sha(await stored(store, 'parts/first'))).toBe(sha(first));
    expect(sha(await stored(store, 'parts/second'))).toBe(sha(second));
  });

  it('uploads at once through one set of buffers do not mix their bytes', async () => {
    const buffers = new PartBuffers(3);
    const bodies = [randomBytes(2 * PART + 7), randomBytes(PART + 99), randomBytes(3 * PART)];
    await Promise.all(bodies.map((b, i) => upload(`parts/together-${i}`, chunked(b, 40_000 + i * 9_999), buffers)));
    for (const [i, b] of bodies.entries()) expect(sha(await stored(store, `parts/together-${i}`))).toBe(sha(b));
    // Only as many as one upload needs are kept afterwards.
    expect(buffers.heldBytes).toBeLessThanOrEqual(3 * PART);
  });

  it('stores an object smaller than a part, an object of exactly one part, and an empty one', async () => {
    const buffers = new PartBuffers(3);
    for (const [key, bytes] of [
      ['parts/small', randomBytes(1_000)],
      ['parts/exact', randomBytes(PART)],
      ['parts/empty', Buffer.alloc(0)],
    ] as const) {
      await upload(key, chunked(bytes), buffers);
      const got = await stored(store, key);
      expect(got.length).toBe(bytes.length);
      expect(sha(got)).toBe(sha(bytes));
    }
  });

  it('a body that fails after some parts were sent leaves no object behind and passes the failure on', async () => {
    const buffers = new PartBuffers(3);
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent >= 2 * PART + MiB) return void this.destroy(new Error('the caller hung up'));
        this.push(randomBytes(MiB));
        sent += MiB;
      },
    });
    await expect(upload('parts/broken', failing, buffers)).rejects.toThrow('the caller hung up');
    expect(await store.size('parts/broken')).toBeNull();
  });

  it('a store that refuses the upload fails it, and the body is not left half read', async () => {
    const body = chunked(randomBytes(2 * PART));
    await expect(upload('parts/refused', body, undefined, { bucket: `${BUCKET}-missing` })).rejects.toMatchObject({ name: 'NoSuchBucket' });
    expect(body.destroyed).toBe(true);
  });

  it('an aborted upload stops and stores nothing', async () => {
    const ac = new AbortController();
    let sent = 0;
    const slow = new Readable({
      read() {
        sent += MiB;
        if (sent === 7 * MiB) ac.abort();
        this.push(randomBytes(MiB));
      },
    });
    await expect(upload('parts/aborted', slow, undefined, { signal: ac.signal })).rejects.toThrow(/abort/i);
    expect(await store.size('parts/aborted')).toBeNull();
  });
});

describe('part buffers', () => {
  it('hand back a kept buffer of the size asked for, and keep no more than told', () => {
    const buffers = new PartBuffers(2);
    const [a, b, c] = [buffers.take(10), buffers.take(10), buffers.take(10)];
    for (const x of [a, b, c]) buffers.give(x);
    expect(buffers.heldBytes).toBe(20);
    const again = buffers.take(10);
    expect([a, b]).toContain(again);
    expect(buffers.take(20).length).toBe(20);
  });
});
