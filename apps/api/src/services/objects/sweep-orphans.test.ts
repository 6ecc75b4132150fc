import { Readable, Writable } from 'node:stream';
import { CreateMultipartUploadCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { listKeys } from '../../../../../test/support/media.ts';
import { recordOrphan } from '../../repositories/db/orphans-repo.ts';
import { STALE_UPLOAD_MS, staleMultipartUploads, sweepOrphans } from './sweep-orphans.ts';

// Unfinished S3 multipart uploads hold bytes no row accounts for. The sweeper aborts those older
// than the upload limit where the server can list them; the embedded s3rver cannot, and the sweep
// must carry on regardless.

let h: Harness;
let s3: S3Client;
const lines: { level: number; msg: string }[] = [];

beforeAll(async () => {
  h = await createHarness();
  h.ctx.logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as { level: number; msg: string });
        cb();
      },
    }),
  );
  s3 = new S3Client({
    endpoint: inject('s3Endpoint'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  s3?.destroy();
  await h?.close();
});

/** A multipart upload begun with one part sent, then left: what a crashed upload leaves. */
async function leaveUnfinishedUpload(key: string): Promise<string> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: h.ctx.store.bucket, Key: key }));
  await s3.send(
    new UploadPartCommand({ Bucket: h.ctx.store.bucket, Key: key, UploadId, PartNumber: 1, Body: Buffer.alloc(5 * 1024 * 1024, 7) }),
  );
  return UploadId!;
}

describe('unfinished multipart uploads', () => {
  it('picks only uploads begun before the upload limit', () => {
    const now = new Date('2026-12-02T12:00:00Z');
    const cutoff = new Date(now.getTime() - STALE_UPLOAD_MS);
    const uploads = [
      { key: 'recordings/a', uploadId: '1', initiated: new Date(cutoff.getTime() - 1) },
      { key: 'recordings/b', uploadId: '2', initiated: new Date(cutoff.getTime() + 1) },
      { key: 'recordings/c', uploadId: '3', initiated: null },
      { key: 'recordings/d', uploadId: '4', initiated: new Date('2026-01-01T00:00:00Z') },
    ];
    expect(staleMultipartUploads(uploads, cutoff).map((u) => u.uploadId)).toEqual(['1', '4']);
  });

  it('against s3rver, which cannot list them: the sweep reports it, says so once at debug, and still deletes orphans', async () => {
    await leaveUnfinishedUpload('recordings/crashed-upload');
    await h.ctx.store.put('recordings/orphan-1', Readable.from([Buffer.from('leftover')]));
    await recordOrphan(h.ctx.db, 'recordings/orphan-1', 'test');
    h.advance(STALE_UPLOAD_MS + 60_000);

    const first = await sweepOrphans(h.ctx);
    expect(first).toEqual({ staleUploads: 0, deleted: 1, multipartAborted: null });
    expect(await listKeys(h)).toEqual([]);
    const second = await sweepOrphans(h.ctx);
    expect(second.multipartAborted).toBeNull();

    const told = lines.filter((l) => /multipart/.test(l.msg));
    expect(told).toHaveLength(1);
    expect(told[0]!.level).toBe(20);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('aborting one on s3rver (405) is reported as unsupported, not thrown', async () => {
    const uploadId = await leaveUnfinishedUpload('recordings/abort-me');
    expect(await h.ctx.store.abortMultipartUpload('recordings/abort-me', uploadId)).toBe('unsupported');
  });
});
