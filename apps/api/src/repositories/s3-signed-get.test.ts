import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ObjectStore } from './object-store.ts';

const s3 = (overrides: { endpoint?: string; secretAccessKey?: string } = {}) =>
  ObjectStore.fromConfig({
    endpoint: overrides.endpoint ?? inject('s3Endpoint'),
    bucket: BUCKET,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: overrides.secretAccessKey ?? 'S3RVER',
  });

const BUCKET = `signed-get-${randomBytes(4).toString('hex')}`;
const bytes = randomBytes(300_000);

const sha256hex = (s: string) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer, s: string) => createHmac('sha256', key).update(s).digest();

async function read(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('ranged GETs signed outside the SDK, against a real S3 server', () => {
  let store: ObjectStore;
  beforeAll(async () => {
    store = s3();
    await store.ensureBucket();
  });
  afterAll(() => store.destroy());

  it('reads exactly the bytes asked for, whatever characters the key holds', async () => {
    for (const key of ['recordings/plain', "odd keys/スペース と+plus!(x)*'q'~.bin", 'a/b/c=d&e?f#g%h']) {
      await store.putSmall(key, bytes, 'application/octet-stream');
      for (const [start, end] of [
        // (not [0, 0]: s3rver answers that one with the whole object)
        [0, 1],
        [1, 65_536],
        [123_457, 299_999],
      ] as const) {
        const got = await read(await store.getRange(key, start, end));
        expect(got.equals(bytes.subarray(start, end + 1))).toBe(true);
      }
    }
  });

  it('a missing object fails as not found, like the SDK says it', async () => {
    await expect(store.getRange('recordings/none', 0, 9)).rejects.toMatchObject({ name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } });
  });

  it('an aborted read stops', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(store.getRange('recordings/plain', 0, 9, ac.signal)).rejects.toThrow(/abort/i);
  });
});

describe('ranged GETs against a misbehaving server', () => {
  let server: http.Server;
  let endpoint: string;
  const answers: number[] = [];
  let requests = 0;
  const seen: { url: string; headers: http.IncomingHttpHeaders }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      requests++;
      seen.push({ url: req.url ?? '', headers: req.headers });
      const status = answers.shift() ?? 206;
      if (status === 206) {
        res.writeHead(206, { 'content-range': 'bytes 0-3/10' });
        res.end('abcd');
      } else if (status === 200) {
        res.end('the whole object');
      } else {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(`<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`);
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  // s3rver does not check SigV4 signatures, so the check is here: AWS's documented algorithm,
  // written out independently of the signer under test.
  it('signs the request as AWS Signature Version 4 specifies, over the escaped key', async () => {
    seen.length = 0;
    const store = s3({ endpoint });
    await read(await store.getRange('odd keys/スペース+(1)', 0, 3));
    store.destroy();
    const { url, headers } = seen[0]!;
    expect(url).toBe(`/${BUCKET}/odd%20keys/%E3%82%B9%E3%83%9A%E3%83%BC%E3%82%B9%2B%281%29`);
    expect(headers.range).toBe('bytes=0-3');
    const auth =
      /^AWS4-HMAC-SHA256 Credential=S3RVER\/(\d{8})\/us-east-1\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        String(headers.authorization),
      );
    expect(auth).not.toBeNull();
    const [, day, signedHeaders, signature] = auth!;
    const names = signedHeaders!.split(';');
    expect(names).toEqual(expect.arrayContaining(['host', 'range', 'x-amz-content-sha256', 'x-amz-date']));
    const canonical = [
      'GET',
      url,
      '',
      ...names.map((n) => `${n}:${String(headers[n]).trim()}`),
      '',
      signedHeaders,
      'UNSIGNED-PAYLOAD',
    ].join('\n');
    const scope = `${day}/us-east-1/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', String(headers['x-amz-date']), scope, sha256hex(canonical)].join('\n');
    let key: Buffer = Buffer.from('AWS4S3RVER');
    for (const part of [day!, 'us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
    expect(hmac(key, toSign).toString('hex')).toBe(signature);
  });

  it('retries a 503 and then reads', async () => {
    answers.push(503, 503);
    requests = 0;
    const store = s3({ endpoint });
    expect((await read(await store.getRange('k', 0, 3))).toString()).toBe('abcd');
    expect(requests).toBe(3);
    store.destroy();
  });

  it('gives up after three attempts with the server’s own error code', async () => {
    answers.push(503, 503, 503);
    requests = 0;
    const store = s3({ endpoint });
    await expect(store.getRange('k', 0, 3)).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(requests).toBe(3);
    store.destroy();
  });

  it('never takes a whole object for a range (a server that ignored Range)', async () => {
    answers.push(200);
    const store = s3({ endpoint });
    await expect(store.getRange('k', 0, 3)).rejects.toMatchObject({ name: 'RangeIgnored' });
    store.destroy();
  });
});
