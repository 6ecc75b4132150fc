import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';

/**
 * Part-sized buffers kept between uploads. Each part used to be a fresh 5 MiB buffer (what
 * @aws-sdk/lib-storage's Upload builds with Buffer.concat); one lives across an UploadPart, long
 * enough for V8 to promote it to the old generation, where its memory is returned only at the
 * next full collection, and V8 starts one only after external memory has grown ~64 MiB. An ingest
 * of a few GiB left the server ~80 MiB above idle that way (test/bench/README.md). Reused
 * buffers never become garbage, so the memory an upload holds is its parts in flight, no more.
 */
export class PartBuffers {
  private readonly free = new Map<number, Buffer[]>();

  /** `keep`: the most free buffers of one size held for later uploads; more are dropped. */
  constructor(private readonly keep: number) {}

  take(size: number): Buffer {
    return this.free.get(size)?.pop() ?? Buffer.allocUnsafeSlow(size);
  }

  give(buffer: Buffer): void {
    const list = this.free.get(buffer.length) ?? [];
    if (list.length >= this.keep) return;
    list.push(buffer);
    this.free.set(buffer.length, list);
  }

  /** Bytes held for later uploads (for tests and metrics). */
  get heldBytes(): number {
    let total = 0;
    for (const [size, list] of this.free) total += size * list.length;
    return total;
  }
}

export interface MultipartOptions {
  client: S3Client;
  bucket: string;
  key: string;
  contentType: string;
  partSize: number;
  /** Parts sent at once while the next one fills. */
  queueSize: number;
  buffers: PartBuffers;
  signal?: AbortSignal;
}

/**
 * Streams `body` into one object: a single PutObject if it fits in one part, else a multipart
 * upload of parts copied into reused buffers, `queueSize` in flight. Reading waits while the queue
 * is full, so a slow store slows the sender instead of filling memory. On any failure the
 * multipart upload is aborted, so no orphaned parts are left to bill.
 */
export async function uploadStream(body: Readable, o: MultipartOptions): Promise<void> {
  const sendOpts = { abortSignal: o.signal };
  let uploadId: string | undefined;
  const parts: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let nextPart = 1;

  const sendPart = (buffer: Buffer, length: number, id: string): void => {
    const partNumber = nextPart++;
    const sent: Promise<void> = o.client
      .send(
        new UploadPartCommand({
          Bucket: o.bucket,
          Key: o.key,
          UploadId: id,
          PartNumber: partNumber,
          Body: length === buffer.length ? buffer : buffer.subarray(0, length),
          ContentLength: length,
        }),
        sendOpts,
      )
      .then(
        (out) => {
          parts.push({ PartNumber: partNumber, ETag: out.ETag });
          o.buffers.give(buffer);
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => inFlight.delete(sent));
    inFlight.add(sent);
  };

  let buffer = o.buffers.take(o.partSize);
  let filled = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      o.signal?.throwIfAborted();
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(chunk.length - offset, o.partSize - filled);
        chunk.copy(buffer, filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled < o.partSize) continue;
        uploadId ??= await create(o);
        sendPart(buffer, filled, uploadId);
        while (inFlight.size >= o.queueSize && !failure) await Promise.race(inFlight);
        if (failure) throw failure.error;
        buffer = o.buffers.take(o.partSize);
        filled = 0;
      }
    }
    if (uploadId === undefined) {
      await o.client.send(
        new PutObjectCommand({
          Bucket: o.bucket,
          Key: o.key,
          Body: buffer.subarray(0, filled),
          ContentLength: filled,
          ContentType: o.contentType,
        }),
        sendOpts,
      );
      o.buffers.give(buffer);
      return;
    }
    if (filled > 0) sendPart(buffer, filled, uploadId);
    else o.buffers.give(buffer);
    await Promise.all(inFlight);
    if (failure) throw failure.error;
    parts.sort((a, b) => a.PartNumber! - b.PartNumber!);
    await o.client.send(
      new CompleteMultipartUploadCommand({ Bucket: o.bucket, Key: o.key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
      sendOpts,
    );
  } catch (err) {
    // Parts still in flight settle first, so that none lands after the abort.
    await Promise.allSettled(inFlight);
    if (uploadId !== undefined) {
      await o.client.send(new AbortMultipartUploadCommand({ Bucket: o.bucket, Key: o.key, UploadId: uploadId })).catch(() => undefined);
    }
    throw err;
  }
}

async function create(o: MultipartOptions): Promise<string> {
  const out = await o.client.send(new CreateMultipartUploadCommand({ Bucket: o.bucket, Key: o.key, ContentType: o.contentType }), {
    abortSignal: o.signal,
  });
  if (!out.UploadId) throw new Error('S3 began a multipart upload without an upload id');
  return out.UploadId;
}
