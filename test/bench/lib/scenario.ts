import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { SignatureV4 } from '@smithy/signature-v4';
import { send } from './http.ts';
import { INGEST_TOKEN, type Stack } from './stack.ts';
import type { ResultRow } from './stats.ts';

export interface BenchOptions {
  quick: boolean;
  /** Alternating rounds of Kura and its baseline. */
  rounds: number;
  log(line: string): void;
}

export interface Scenario {
  name: string;
  /** What it measures, for the report. */
  about: string;
  run(stack: Stack, o: BenchOptions): Promise<ResultRow[]>;
}

/** A call and its recording, through the ingest API as the call platform sends them. */
export async function ingestRecording(stack: Stack, body: Readable, size: number, callRef = `bench-${randomBytes(6).toString('hex')}`) {
  const auth = { authorization: `Bearer ${INGEST_TOKEN}` };
  const call = await send(
    'PUT',
    `${stack.server.url}/v1/ingest/calls/${callRef}`,
    { ...auth, 'content-type': 'application/json' },
    JSON.stringify({
      creator: { ref: `creator-${callRef}`, name: 'Creator', agency: { ref: 'agency-bench', name: 'Bench Agency' } },
      user: { ref: `user-${callRef}` },
      startedAt: '2026-11-20T10:00:00+09:00',
      endedAt: '2026-11-20T10:05:00+09:00',
    }),
  );
  if (call.status !== 201) throw new Error(`PUT call: ${call.status} ${call.text}`);
  const rec = await send(
    'PUT',
    `${stack.server.url}/v1/ingest/calls/${callRef}/recording`,
    { ...auth, 'content-type': 'video/mp4', 'content-length': String(size) },
    body,
  );
  if (rec.status !== 201) throw new Error(`PUT recording: ${rec.status} ${rec.text}`);
  return (JSON.parse(rec.text) as { recordingId: string }).recordingId;
}

/** The plain-file baseline of an upload: multipart, 8 MiB parts, 4 at a time, to the same server. */
export async function putPlain(stack: Stack, key: string, body: Readable): Promise<void> {
  await new Upload({
    client: stack.plainS3,
    params: { Bucket: stack.s3.bucket, Key: key, Body: body, ContentType: 'application/octet-stream' },
    partSize: 8 * 1024 * 1024,
    queueSize: 4,
  }).done();
}

/**
 * The URL a plain ranged GET reads: presigned, as a site that serves plain files from a private
 * bucket hands its players. s3rver would let an anonymous GET through, but then the baseline would
 * skip the signature check that S3 (and s3rver, on the same two cores) makes for every request
 * Kura sends: 0.5–1.5 ms of the S3 server's CPU per MiB in the players scenario.
 */
export async function plainUrl(stack: Stack, key: string): Promise<string> {
  const endpoint = new URL(stack.s3.endpoint);
  const signer = new SignatureV4({
    service: 's3',
    region: stack.s3.region,
    credentials: { accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey },
    sha256: stack.plainS3.config.sha256,
    uriEscapePath: false,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port ? Number(endpoint.port) : undefined,
      path: `/${stack.s3.bucket}/${key}`,
      query: {},
      headers: { host: endpoint.host },
    },
    { expiresIn: 7 * 24 * 3600 },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>);
  return `${stack.s3.endpoint}/${stack.s3.bucket}/${key}?${query}`;
}

/** Declares a purpose for the recording (the grant the media route requires). */
export async function grant(stack: Stack, s: { cookie: string; csrfToken: string }, recordingId: string): Promise<void> {
  const res = await send(
    'POST',
    `${stack.server.url}/api/recordings/${recordingId}/access`,
    { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
    JSON.stringify({ purpose: 'deter_prohibited_conduct', reference: 'BENCH-1' }),
  );
  if (res.status !== 201) throw new Error(`grant: ${res.status} ${res.text}`);
}
