import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_BYTES, TAG_BYTES } from '@kura/vault';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import {
  grantAccess,
  seedRecording,
  staffSession,
  type SeededRecording,
  type StaffSession,
} from '../../../../test/support/seed-recording.ts';

// Media bodies are decrypted under the bulk pacer (lib/paced-stream.ts) and counted as they go
// to the socket. These read through all of it, over real sockets, S3 and PostgreSQL.

const S = 65_536;
const SIZE = 6 * S + 4_321;

let h: Harness;
let rec: SeededRecording;
let mod: StaffSession;

beforeAll(async () => {
  h = await createHarness();
  rec = await seedRecording(h, { bytes: Buffer.from(Array.from({ length: SIZE }, (_, i) => (i * 31 + (i >> 9)) & 0xff)) });
  mod = await staffSession(h, ['moderator']);
  await grantAccess(h, mod.session, rec.recordingId);
});
afterAll(async () => {
  await h?.close();
});

/** The body as it arrived, and whether the transfer ended cleanly or was cut. */
function read(range?: string): Promise<{ status: number; body: Buffer; cut: boolean }> {
  const headers: Record<string, string> = { ...mod.session.headers() };
  if (range) headers.range = range;
  return new Promise((resolve, reject) => {
    const req = request(`${h.baseUrl}/api/recordings/${rec.recordingId}/media`, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), cut: false }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), cut: true }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), cut: true }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('media bodies through the pacer', () => {
  it('gives fifty concurrent readers every byte of their ranges, in order', async () => {
    const ranges = Array.from({ length: 50 }, (_, i) => {
      const start = (i * 7_919) % (SIZE - 3 * S);
      return [start, start + 2 * S + (i % 5) * 1_000] as const;
    });
    const answers = await Promise.all(ranges.map(([a, b]) => read(`bytes=${a}-${b}`)));
    answers.forEach((answer, i) => {
      const [a, b] = ranges[i]!;
      expect(answer).toMatchObject({ status: 206, cut: false });
      expect(answer.body.equals(rec.bytes.subarray(a, b + 1))).toBe(true);
    });
  });

  it('cuts the connection at a segment that fails authentication, after the good ones before it', async () => {
    const { object_key: key } = await h.ctx.db
      .selectFrom('recordings')
      .select('object_key')
      .where('id', '=', rec.recordingId)
      .executeTakeFirstOrThrow();
    const sealed = (await h.ctx.store.getSmall(key))!;
    const tampered = Buffer.from(sealed);
    // One bit inside the fourth segment (index 3): the first three authenticate and are served.
    tampered[HEADER_BYTES + 3 * (S + TAG_BYTES) + 100]! ^= 0x01;
    await h.ctx.store.putSmall(key, tampered, 'application/octet-stream');
    try {
      const answer = await read();
      expect(answer.status).toBe(200);
      expect(answer.cut).toBe(true);
      expect(answer.body.length).toBe(3 * S);
      expect(answer.body.equals(rec.bytes.subarray(0, 3 * S))).toBe(true);
    } finally {
      await h.ctx.store.putSmall(key, sealed, 'application/octet-stream');
    }
    const again = await read();
    expect(again).toMatchObject({ status: 200, cut: false });
    expect(again.body.equals(rec.bytes)).toBe(true);
  });
});
