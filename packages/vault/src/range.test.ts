import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { VaultError, createRangeDecryptStream, planRange, type RangePlan } from './index.ts';
import { chunked, encrypt, run, type Sealed } from './test-support.ts';

async function readRange(sealed: Sealed, plaintextBytes: number, plan: RangePlan, fetched?: Buffer, sizes?: number[]) {
  const bytes = fetched ?? sealed.object.subarray(plan.cipherStart, plan.cipherEnd + 1);
  const stream = createRangeDecryptStream({ ...sealed, plaintextBytes, plan });
  return run(stream, chunked(bytes, sizes));
}

function vaultCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return (err as VaultError).code;
  }
  return undefined;
}

describe('planRange', () => {
  it('maps a plaintext range onto whole sealed segments', () => {
    const S = 4096;
    expect(planRange({ plaintextBytes: 3 * S + 100, segmentLog2: 12, start: S - 1, end: S })).toEqual({
      firstSegment: 0,
      lastSegment: 1,
      segmentCount: 2,
      cipherStart: 16,
      cipherEnd: 16 + 2 * (S + 16) - 1,
      skip: S - 1,
      length: 2,
    });
    expect(planRange({ plaintextBytes: 3 * S + 100, segmentLog2: 12, start: 3 * S + 99, end: 3 * S + 99 })).toEqual({
      firstSegment: 3,
      lastSegment: 3,
      segmentCount: 1,
      cipherStart: 16 + 3 * (S + 16),
      cipherEnd: 16 + 3 * (S + 16) + 100 + 16 - 1,
      skip: 99,
      length: 1,
    });
  });

  it('rejects invalid ranges', () => {
    const base = { plaintextBytes: 100, segmentLog2: 12 };
    for (const [start, end] of [
      [-1, 5],
      [5, 4],
      [0, 100],
      [100, 100],
      [0.5, 2],
      [0, Number.NaN],
    ] as const) {
      expect(vaultCode(() => planRange({ ...base, start, end }))).toBe('bad_range');
    }
    expect(vaultCode(() => planRange({ plaintextBytes: 0, segmentLog2: 12, start: 0, end: 0 }))).toBe('bad_range');
    expect(vaultCode(() => planRange({ plaintextBytes: 100, segmentLog2: 11, start: 0, end: 0 }))).toBe('bad_range');
  });
});

describe('createRangeDecryptStream', () => {
  it('returns exactly plaintext[start..end] for random objects and ranges', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(12, 13, 16),
        fc.integer({ min: 1, max: 5 * 4096 + 3 }),
        fc.nat(),
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 4 }),
        async (k, length, a, b, sizes) => {
          const plaintext = randomBytes(length);
          const sealed = await encrypt(plaintext, k);
          const [start, end] = [a % length, b % length].sort((x, y) => x - y) as [number, number];
          const plan = planRange({ plaintextBytes: length, segmentLog2: k, start, end });
          const result = await readRange(sealed, length, plan, undefined, sizes);
          expect(result.error).toBeUndefined();
          expect(result.output.equals(plaintext.subarray(start, end + 1))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  describe('edge cases', () => {
    const S = 4096;
    const length = 4 * S + 123;
    let plaintext: Buffer;
    let sealed: Sealed;
    beforeAll(async () => {
      plaintext = randomBytes(length);
      sealed = await encrypt(plaintext, 12);
    });

    it('first byte, last byte, boundaries ±1, whole object', async () => {
      const points = [0, 1, S - 1, S, S + 1, 2 * S - 1, 2 * S, 4 * S - 1, 4 * S, 4 * S + 1, length - 2, length - 1];
      const ranges: Array<[number, number]> = [
        [0, length - 1],
        [0, 0],
        [length - 1, length - 1],
      ];
      for (const a of points) for (const b of points) if (a <= b) ranges.push([a, b]);
      for (const [start, end] of ranges) {
        const plan = planRange({ plaintextBytes: length, segmentLog2: 12, start, end });
        for (const sizes of [[1 << 30], [1], [S + 15, 17]]) {
          if (sizes[0] === 1 && end - start > 2 * S) continue; // byte-at-a-time only on short ranges
          const result = await readRange(sealed, length, plan, undefined, sizes);
          expect(result.error).toBeUndefined();
          expect(result.output.equals(plaintext.subarray(start, end + 1))).toBe(true);
        }
      }
    });

    it('tampering inside the range fails without releasing that segment', async () => {
      const plan = planRange({ plaintextBytes: length, segmentLog2: 12, start: 10, end: length - 10 });
      const fetched = sealed.object.subarray(plan.cipherStart, plan.cipherEnd + 1);
      for (let j = 0; j < plan.segmentCount; j += 1) {
        for (const at of [j * (S + 16), j * (S + 16) + 50, Math.min(fetched.length, (j + 1) * (S + 16)) - 1]) {
          const bad = Buffer.from(fetched);
          bad[at]! ^= 0x01;
          const result = await readRange(sealed, length, plan, bad);
          expect((result.error as VaultError).code).toBe('auth_failed');
          const released = j === 0 ? Buffer.alloc(0) : plaintext.subarray(10, j * S);
          expect(result.pushed.equals(released)).toBe(true);
        }
      }
    });

    it('wrong plaintextBytes: a non-final segment opened as final, or the final as non-final', async () => {
      const full = randomBytes(3 * S);
      const obj = await encrypt(full, 12);
      // Claims the (full) last segment is followed by another one.
      const longer = planRange({ plaintextBytes: 3 * S + 10, segmentLog2: 12, start: 2 * S, end: 3 * S - 1 });
      const r1 = await readRange(obj, 3 * S + 10, longer);
      expect((r1.error as VaultError).code).toBe('auth_failed');
      expect(r1.pushed.length).toBe(0);
      // Claims segment 1 is the last one.
      const shorter = planRange({ plaintextBytes: 2 * S, segmentLog2: 12, start: S, end: 2 * S - 1 });
      const r2 = await readRange(obj, 2 * S, shorter);
      expect((r2.error as VaultError).code).toBe('auth_failed');
      expect(r2.pushed.length).toBe(0);
      // Claims a shorter final segment than there is.
      const plan = planRange({ plaintextBytes: length - 1, segmentLog2: 12, start: 4 * S, end: length - 2 });
      const r3 = await readRange(sealed, length - 1, plan, sealed.object.subarray(plan.cipherStart));
      expect(r3.error).toBeInstanceOf(VaultError);
      expect(r3.pushed.length).toBe(0);
    });

    it('too little or too much ciphertext', async () => {
      const plan = planRange({ plaintextBytes: length, segmentLog2: 12, start: S, end: 3 * S - 1 });
      const fetched = sealed.object.subarray(plan.cipherStart, plan.cipherEnd + 1);
      const short = await readRange(sealed, length, plan, fetched.subarray(0, fetched.length - 1));
      expect((short.error as VaultError).code).toBe('truncated');
      expect(short.pushed.equals(plaintext.subarray(S, 2 * S))).toBe(true);
      const long = await readRange(sealed, length, plan, sealed.object.subarray(plan.cipherStart, plan.cipherEnd + 2));
      expect((long.error as VaultError).code).toBe('trailing_data');
      const empty = await readRange(sealed, length, plan, Buffer.alloc(0));
      expect((empty.error as VaultError).code).toBe('truncated');
    });

    it('another objectId, DEK or header', async () => {
      const plan = planRange({ plaintextBytes: length, segmentLog2: 12, start: 0, end: 5 });
      const fetched = sealed.object.subarray(plan.cipherStart, plan.cipherEnd + 1);
      const variants = [{ objectId: 'other' }, { dek: randomBytes(32) }, { header: Buffer.from(sealed.header).fill(1, 8, 15) }];
      for (const variant of variants) {
        const result = await readRange({ ...sealed, ...variant }, length, plan, fetched);
        expect((result.error as VaultError).code).toBe('auth_failed');
        expect(result.pushed.length).toBe(0);
      }
    });

    it('rejects a plan that does not fit the object synchronously', () => {
      const plan = planRange({ plaintextBytes: length, segmentLog2: 12, start: 0, end: 5 });
      const opts = { ...sealed, plaintextBytes: length };
      expect(vaultCode(() => createRangeDecryptStream({ ...opts, plan: { ...plan, cipherEnd: plan.cipherEnd + 1 } }))).toBe('bad_range');
      expect(vaultCode(() => createRangeDecryptStream({ ...opts, plan: { ...plan, length: 0 } }))).toBe('bad_range');
      expect(vaultCode(() => createRangeDecryptStream({ ...opts, plaintextBytes: 3, plan }))).toBe('bad_range');
    });
  });
});
