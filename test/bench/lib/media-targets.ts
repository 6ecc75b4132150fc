import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_SEGMENT_LOG2, createEncryptStream, createHeader, generateDek } from '@kura/vault';
import { startHelper } from './helper-process.ts';
import type { Timed } from './http.ts';
import { grant, ingestRecording, plainUrl, putPlain, type BenchOptions } from './scenario.ts';
import { byteSource, type Stack } from './stack.ts';
import { MiB } from './stats.ts';

// What the ranges and players scenarios read: the same bytes through Kura, as a plain object and
// as a KRV1 object of the bench's own, and the proxies that stand in front of S3 as bounds.

export interface Target {
  label: string;
  size: number;
  kuraUrl: string;
  plainUrl: string;
  /** The same bytes as a KRV1 object of the bench's own, for the decrypting proxy. */
  krv1: Krv1Copy;
}

/** What lib/decrypting-proxy.ts is told (on stdin): one KRV1 object and its key. */
export interface Krv1Copy {
  url: string;
  objectId: string;
  dek: string;
  header: string;
  plaintextBytes: number;
  segmentLog2: number;
}

/**
 * The same bytes three times: ingested through Kura, stored as a plain object, and encrypted here
 * as a KRV1 object with a key of the bench's own (what the decrypting proxy reads).
 */
async function prepare(stack: Stack, label: string, size: number): Promise<Target> {
  const block = randomBytes(MiB);
  const recordingId = await ingestRecording(stack, byteSource(size, block), size);
  const key = `plain/media-${randomBytes(4).toString('hex')}`;
  await putPlain(stack, key, byteSource(size, block));
  const objectId = randomUUID();
  const dek = generateDek();
  const header = createHeader(DEFAULT_SEGMENT_LOG2);
  await putPlain(stack, `${key}.krv1`, byteSource(size, block).pipe(createEncryptStream({ objectId, dek, header })));
  const krv1 = {
    url: await plainUrl(stack, `${key}.krv1`),
    objectId,
    dek: dek.toString('hex'),
    header: header.toString('hex'),
    plaintextBytes: size,
    segmentLog2: DEFAULT_SEGMENT_LOG2,
  };
  return { label, size, kuraUrl: `${stack.server.url}/api/recordings/${recordingId}/media`, plainUrl: await plainUrl(stack, key), krv1 };
}

export function check(t: Timed, what: string): Timed {
  if (t.status !== 206 || t.bytes !== MiB) throw new Error(`${what}: ${t.status}, ${t.bytes} bytes`);
  return t;
}

/** lib/bare-proxy.mjs in front of the S3 server: pipes what it asks for, nothing else. */
export const startBareProxy = (s3Endpoint: string) =>
  startHelper('bare proxy', [path.join(import.meta.dirname, 'bare-proxy.mjs'), s3Endpoint]);

/** lib/decrypting-proxy.ts for one KRV1 object: every request reads a range of it. */
export const startDecryptingProxy = (krv1: Krv1Copy) =>
  startHelper('decrypting proxy', ['--import', 'tsx', path.join(import.meta.dirname, 'decrypting-proxy.ts')], JSON.stringify(krv1));

let session: { cookie: string; csrfToken: string } | null = null;
const targets = new Map<string, Target>();

export async function media(stack: Stack, o: BenchOptions): Promise<{ small: Target; large: Target; cookie: string }> {
  session ??= await stack.staffSession(['moderator']);
  const sizes = o.quick ? { small: 100 * MiB, large: 512 * MiB } : { small: 100 * MiB, large: 2048 * MiB };
  for (const [label, size] of Object.entries(sizes)) {
    if (!targets.has(label)) {
      o.log(`  preparing the ${label} object (${size / MiB} MiB: ingested, stored plain, and stored as KRV1 of the bench's own)`);
      const t = await prepare(stack, label, size);
      await grant(stack, session, t.kuraUrl.split('/').at(-2)!);
      targets.set(label, t);
    }
  }
  return { small: targets.get('small')!, large: targets.get('large')!, cookie: session.cookie };
}
