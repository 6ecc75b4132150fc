import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectRetentionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { PartBuffers, uploadStream } from './multipart-upload.ts';
import { SignedRangeGets } from './s3-signed-get.ts';
import type { S3Config } from '../config.ts';

export interface MultipartUpload {
  key: string;
  uploadId: string;
  /** When the server says the upload began; null if it did not say. */
  initiated: Date | null;
}

const S3_MAX_SOCKETS = 256;
/** Parts of one upload in flight while the next fills (measured: 2 or 4 ingest alike, bench README). */
const UPLOAD_QUEUE = 2;
const MiB = 1024 * 1024;

/**
 * 8 MiB parts unless the object could outgrow 9,000 of them (S3 allows 10,000; the rest is headroom
 * for KRV1's tags). Measured against the embedded S3 server (test/bench README, fifth round): 8 MiB
 * parts, two in flight, upload 107–117 MiB/s where S3's smallest, 5 MiB, gave 86–118 with more CPU
 * per byte on both sides; 12 and 16 MiB gain a few per cent more, but the part buffers an upload
 * keeps (UPLOAD_QUEUE + 1) are the most it holds, and they count against the server's memory.
 */
export function partSizeFor(maxBytes = 0): number {
  return Math.max(8 * MiB, Math.ceil(maxBytes / 9_000 / MiB) * MiB);
}

/** getSmall refused an object bigger than it was told to expect. */
export class ObjectTooLargeError extends Error {}

/** What became of an Object Lock retention asked for on a new object. */
export type RetentionOutcome =
  | 'retained'
  /** The bucket or server has no Object Lock (learned just now: worth telling the operator once). */
  | 'unsupported'
  /** Known from an earlier attempt on this store; not asked again. */
  | 'unsupported_known';

/**
 * The only module that talks to S3. Everything it stores is KRV1 ciphertext, except the signed
 * audit checkpoints (sequence numbers, hashes and times, meant to be read by anyone who checks).
 */
export class ObjectStore {
  // s3rver answers PutObjectRetention with 405, AWS and MinIO refuse it on a bucket made without
  // Object Lock: once a store has been told no, later objects skip the request.
  private objectLock: 'unknown' | 'supported' | 'unsupported' = 'unknown';

  private readonly rangeGets: SignedRangeGets;
  // One upload's worth (the parts in flight and the one filling) is kept between uploads.
  private readonly partBuffers = new PartBuffers(UPLOAD_QUEUE + 1);

  private constructor(
    private readonly client: S3Client,
    readonly bucket: string,
    endpoint: URL,
    agents: { http: http.Agent; https: https.Agent },
  ) {
    this.rangeGets = new SignedRangeGets(endpoint, bucket, client, agents);
  }

  static fromConfig(s3: S3Config): ObjectStore {
    const agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: S3_MAX_SOCKETS }),
      https: new https.Agent({ keepAlive: true, maxSockets: S3_MAX_SOCKETS }),
    };
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      forcePathStyle: true,
      // Without these, a streamed PutObject stores aws-chunked framing inside the object on
      // third-party servers (see ENVIRONMENT.md).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The SDK's default of 50 sockets queues the 51st concurrent ranged read (fifty reviewers'
      // players are fifty reads at once) behind the others; keep-alive saves a handshake per range.
      requestHandler: { httpAgent: agents.http, httpsAgent: agents.https },
    });
    return new ObjectStore(client, s3.bucket, new URL(s3.endpoint), agents);
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  /** Throws unless the bucket answers HeadBucket with these credentials (readiness). */
  async checkBucket(signal?: AbortSignal): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: signal });
  }

  /**
   * Multipart upload from a stream; memory is bounded by partSize * (UPLOAD_QUEUE + 1). `maxBytes`,
   * the most the object can grow to, sizes the parts so that S3's 10,000 are always enough.
   */
  async put(key: string, body: Readable, signal?: AbortSignal, maxBytes?: number): Promise<void> {
    await uploadStream(body, {
      client: this.client,
      bucket: this.bucket,
      key,
      contentType: 'application/octet-stream',
      partSize: partSizeFor(maxBytes),
      queueSize: UPLOAD_QUEUE,
      buffers: this.partBuffers,
      signal,
    });
  }

  /** A small object in one PUT, with Content-MD5 (which buckets with Object Lock require). */
  async putSmall(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentMD5: createHash('md5').update(body).digest('base64'),
      }),
    );
  }

  /**
   * Puts a COMPLIANCE-mode Object Lock retention on an object: until `retainUntil` nobody, the
   * bucket's owner included, can delete or overwrite that version. Where the server or bucket has
   * no Object Lock, says so instead of failing.
   */
  async retain(key: string, retainUntil: Date): Promise<RetentionOutcome> {
    if (this.objectLock === 'unsupported') return 'unsupported_known';
    try {
      await this.client.send(
        new PutObjectRetentionCommand({ Bucket: this.bucket, Key: key, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: retainUntil } }),
      );
      this.objectLock = 'supported';
      return 'retained';
    } catch (err) {
      if (this.objectLock === 'unknown' && (isUnsupported(err) || isLockNotConfigured(err))) {
        this.objectLock = 'unsupported';
        return 'unsupported';
      }
      throw err;
    }
  }

  /** A whole small object into memory; null when there is none. */
  async getSmall(key: string, maxBytes = 1024 * 1024): Promise<Buffer | null> {
    let body: Readable;
    try {
      body = await this.get(key);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        body.destroy();
        throw new ObjectTooLargeError(`object ${key} is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  /** One ranged GET; `end` is inclusive. Every media request is one: see SignedRangeGets. */
  async getRange(key: string, start: number, end: number, signal?: AbortSignal): Promise<Readable> {
    return this.rangeGets.getRange(key, start, end, signal);
  }

  async get(key: string, signal?: AbortSignal): Promise<Readable> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
    return toReadable(out.Body);
  }

  async size(key: string): Promise<number | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.ContentLength ?? null;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** Idempotent: deleting a missing key succeeds. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deleteMany(keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const out = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      if (out.Errors?.length) throw new Error(`S3 refused to delete ${out.Errors.length} object(s): ${out.Errors[0]?.Message}`);
    }
  }

  /** Keys in UTF-8 byte order; `startAfter` skips every key up to and including it. */
  async *list(prefix = '', startAfter?: string): AsyncGenerator<{ key: string; size: number }> {
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ContinuationToken: token,
          StartAfter: token ? undefined : startAfter,
        }),
      );
      for (const o of out.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0 };
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  /**
   * Multipart uploads begun in this bucket and neither completed nor aborted: their parts are
   * stored (and billed) but belong to no object. 'unsupported' where the server cannot list them
   * (the embedded s3rver answers NotImplemented).
   */
  async listMultipartUploads(): Promise<MultipartUpload[] | 'unsupported'> {
    const uploads: MultipartUpload[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      for (;;) {
        const out = await this.client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const u of out.Uploads ?? []) {
          if (u.Key && u.UploadId) uploads.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated ?? null });
        }
        if (!out.IsTruncated) return uploads;
        keyMarker = out.NextKeyMarker;
        uploadIdMarker = out.NextUploadIdMarker;
      }
    } catch (err) {
      if (isUnsupported(err)) return 'unsupported';
      throw err;
    }
  }

  /** Idempotent: an upload already gone counts as aborted. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<'aborted' | 'unsupported'> {
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
      return 'aborted';
    } catch (err) {
      if (isUnsupported(err)) return 'unsupported';
      if ((err as { name?: string }).name === 'NoSuchUpload' || isNotFound(err)) return 'aborted';
      throw err;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

function toReadable(body: unknown): Readable {
  if (body instanceof Readable) return body;
  if (body && typeof (body as ReadableStream).getReader === 'function') {
    return Readable.fromWeb(body as import('node:stream/web').ReadableStream);
  }
  throw new Error('S3 returned no body');
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** A bucket made without Object Lock (AWS, MinIO: 400 InvalidRequest naming the missing configuration). */
function isLockNotConfigured(err: unknown): boolean {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 400 && /object ?lock/i.test(e?.message ?? '');
}

/** The server does not implement the call (501 NotImplemented, 405 MethodNotAllowed): s3rver. */
function isUnsupported(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  return e?.name === 'NotImplemented' || e?.name === 'MethodNotAllowed' || status === 501 || status === 405;
}
