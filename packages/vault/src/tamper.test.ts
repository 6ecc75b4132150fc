import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { VaultError, createDecryptStream, createHeader } from './index.ts';
import { chunked, encrypt, run, type RunResult, type Sealed } from './test-support.ts';

const K = 12;
const S = 2 ** K;
const SEALED = S + 16;
const CHUNKINGS: number[][] = [[1 << 30], [1], [SEALED - 1, SEALED + 1, 7], [100, 3000]];

let plaintext: Buffer; // 4 segments, the final one short
let sealed: Sealed;

beforeAll(async () => {
  plaintext = randomBytes(3 * S + 100);
  sealed = await encrypt(plaintext, K);
});

function segment(object: Buffer, i: number): Buffer {
  return object.subarray(16 + i * SEALED, Math.min(object.length, 16 + (i + 1) * SEALED));
}

async function decrypt(object: Buffer, sizes: number[], opts: Partial<Sealed> & { expectedHeader?: Buffer } = {}) {
  const stream = createDecryptStream({
    objectId: opts.objectId ?? sealed.objectId,
    dek: opts.dek ?? sealed.dek,
    ...(opts.expectedHeader ? { expectedHeader: opts.expectedHeader } : {}),
  });
  return run(stream, chunked(object, sizes));
}

/**
 * The error is a VaultError, and what left the stream is exactly the first `segments` whole
 * segments of plaintext: every one of them authenticated, nothing of the one that failed.
 */
function expectRejected(result: RunResult, segments: number, codes: string[], source = plaintext): void {
  expect(result.error).toBeInstanceOf(VaultError);
  expect(codes).toContain((result.error as VaultError).code);
  expect(result.pushed.equals(source.subarray(0, segments * S))).toBe(true);
  expect(result.pushed.subarray(0, result.output.length).equals(result.output)).toBe(true);
}

async function expectRejectedAll(object: Buffer, segments: number, codes: string[], opts = {}): Promise<void> {
  for (const sizes of CHUNKINGS) expectRejected(await decrypt(object, sizes, opts), segments, codes);
}

function flip(object: Buffer, byte: number, bit = 0): Buffer {
  const copy = Buffer.from(object);
  copy[byte]! ^= 1 << bit;
  return copy;
}

describe('tampering is rejected without releasing unauthenticated plaintext', () => {
  it('sanity: the untouched object decrypts under every chunking', async () => {
    for (const sizes of CHUNKINGS) {
      const result = await decrypt(sealed.object, sizes);
      expect(result.error).toBeUndefined();
      expect(result.output.equals(plaintext)).toBe(true);
      expect(result.pushed.equals(plaintext)).toBe(true); // the push spy sees everything
    }
  });

  it('any bit flip in the header', async () => {
    for (let byte = 0; byte < 16; byte += 1) {
      for (let bit = 0; bit < 8; bit += 1) {
        const object = flip(sealed.object, byte, bit);
        const region = byte < 4 ? 'magic' : byte === 4 ? 'version' : byte === 5 ? 'k' : byte < 8 || byte === 15 ? 'reserved' : 'prefix';
        // A flipped k can still be in range, and a flipped prefix is a valid header: the AAD catches both.
        const codes = region === 'prefix' ? ['auth_failed'] : region === 'k' ? ['bad_header', 'auth_failed'] : ['bad_header'];
        expectRejected(await decrypt(object, [1 << 30]), 0, codes);
        expectRejected(await decrypt(object, [5]), 0, codes);
        expectRejected(await decrypt(object, [1 << 30], { expectedHeader: sealed.header }), 0, ['bad_header']);
      }
    }
  });

  it('a header from another object on this body', async () => {
    const object = Buffer.concat([createHeader(K), sealed.object.subarray(16)]);
    await expectRejectedAll(object, 0, ['auth_failed']);
  });

  it('a bit flip in the ciphertext or tag of segment j releases exactly segments 0..j-1', async () => {
    for (let j = 0; j < 4; j += 1) {
      const start = 16 + j * SEALED;
      const end = Math.min(sealed.object.length, start + SEALED);
      for (const at of [start, start + 1, end - 17, end - 16, end - 1]) {
        await expectRejectedAll(flip(sealed.object, at, 7), j, ['auth_failed']);
      }
    }
  });

  it('a random bit flip anywhere after the header, under random chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 16, max: sealed.object.length - 1 }),
        fc.nat({ max: 7 }),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 5 }),
        async (at, bit, sizes) => {
          const j = Math.floor((at - 16) / SEALED);
          expectRejected(await decrypt(flip(sealed.object, at, bit), sizes), j, ['auth_failed']);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('truncation at, around and between segment boundaries', async () => {
    const cuts = new Set<number>([0, 1, 8, 15, 16, 17, 31, 32, 33]);
    for (let m = 1; m <= 4; m += 1) {
      const boundary = 16 + m * SEALED;
      for (const d of [-17, -16, -15, -2, -1, 0, 1, 2, 15, 16, 17]) cuts.add(boundary + d);
    }
    for (let p = 16; p < sealed.object.length; p += 997) cuts.add(p);
    for (const p of [...cuts].filter((c) => c >= 0 && c < sealed.object.length)) {
      const body = p - 16;
      const full = Math.floor(body / SEALED);
      const rest = body - full * SEALED;
      // The stream can only release a segment once a byte after it has arrived.
      const released = p < 16 ? 0 : rest > 0 ? full : Math.max(0, full - 1);
      // Too short to hold a tag (or an empty non-first segment) is a cut; longer fails its tag.
      const cut = p < 16 || rest === 0 || rest < 16 || (rest === 16 && full > 0);
      const codes = cut ? ['truncated'] : ['auth_failed'];
      await expectRejectedAll(sealed.object.subarray(0, p), released, codes);
    }
  });

  it('cutting off exactly the final segment is a missing last flag', async () => {
    const withoutFinal = sealed.object.subarray(0, 16 + 3 * SEALED);
    await expectRejectedAll(withoutFinal, 2, ['truncated']);
  });

  it('appended bytes after a short final segment', async () => {
    for (const extra of [Buffer.alloc(1), randomBytes(16), randomBytes(5000), segment(sealed.object, 3)]) {
      await expectRejectedAll(Buffer.concat([sealed.object, extra]), 3, ['auth_failed']);
    }
  });

  it('appended bytes after a full final segment are trailing data', async () => {
    const full = randomBytes(2 * S);
    const obj = await encrypt(full, K);
    for (const extra of [Buffer.alloc(1), randomBytes(17), segment(obj.object, 1)]) {
      for (const sizes of CHUNKINGS) {
        const result = await decrypt(Buffer.concat([obj.object, extra]), sizes, obj);
        expectRejected(result, 1, ['trailing_data'], full);
      }
    }
  });

  it('swapped segments', async () => {
    const [h, s0, s1, s2, s3] = [sealed.header, ...[0, 1, 2, 3].map((i) => segment(sealed.object, i))] as Buffer[];
    await expectRejectedAll(Buffer.concat([h!, s1!, s0!, s2!, s3!]), 0, ['auth_failed']);
    await expectRejectedAll(Buffer.concat([h!, s0!, s2!, s1!, s3!]), 1, ['auth_failed']);
    await expectRejectedAll(Buffer.concat([h!, s0!, s1!, s3!, s2!]), 2, ['auth_failed']);
  });

  it('a duplicated segment', async () => {
    const parts = [sealed.header, ...[0, 1, 2, 3].map((i) => segment(sealed.object, i))];
    for (let i = 0; i < 3; i += 1) {
      const dup = [...parts.slice(0, i + 2), parts[i + 1]!, ...parts.slice(i + 2)];
      await expectRejectedAll(Buffer.concat(dup), i + 1, ['auth_failed']);
    }
  });

  it('dropping a middle segment', async () => {
    const parts = [sealed.header, ...[0, 1, 2, 3].map((i) => segment(sealed.object, i))];
    await expectRejectedAll(Buffer.concat([parts[0]!, parts[1]!, parts[3]!, parts[4]!]), 1, ['auth_failed']);
  });

  it('another objectId or another DEK', async () => {
    await expectRejectedAll(sealed.object, 0, ['auth_failed'], { objectId: `${sealed.objectId}x` });
    await expectRejectedAll(sealed.object, 0, ['auth_failed'], { objectId: '' });
    await expectRejectedAll(sealed.object, 0, ['auth_failed'], { dek: randomBytes(32) });
  });

  it('empty and header-only inputs, and a cut empty object', async () => {
    const empty = await encrypt(Buffer.alloc(0), K);
    for (const p of [0, 10, 16, 17, 31]) {
      expectRejected(await decrypt(empty.object.subarray(0, p), [1 << 30], empty), 0, ['truncated']);
    }
    expectRejected(await decrypt(flip(empty.object, 20), [1 << 30], empty), 0, ['auth_failed']);
    expectRejected(await decrypt(Buffer.concat([empty.object, Buffer.alloc(1)]), [1 << 30], empty), 0, ['auth_failed']);
  });
});
