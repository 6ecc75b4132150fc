import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VaultError, createHeader, encryptedSize, parseHeader, plaintextSize } from './index.ts';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return (err as VaultError).code;
  }
  return undefined;
}

describe('header', () => {
  it('lays out magic, version, k, reserved, prefix, reserved', () => {
    const prefix = Buffer.from('01020304050607', 'hex');
    const header = createHeader(16, prefix);
    expect(header.toString('hex')).toBe('4b52563101100000' + '01020304050607' + '00');
    expect(parseHeader(header)).toEqual({ segmentLog2: 16, prefix });
  });

  it('uses a fresh random prefix by default', () => {
    expect(createHeader(12).subarray(8, 15)).not.toEqual(createHeader(12).subarray(8, 15));
  });

  it('rejects k outside 12..24 and bad prefixes when writing', () => {
    for (const k of [11, 25, 0, 16.5, Number.NaN]) expect(code(() => createHeader(k))).toBe('bad_header');
    expect(code(() => createHeader(16, Buffer.alloc(6)))).toBe('bad_header');
    for (const k of [12, 24]) expect(parseHeader(createHeader(k)).segmentLog2).toBe(k);
  });

  it('rejects every malformed header when reading', () => {
    const good = createHeader(16);
    const variants: Array<[string, (h: Buffer) => void]> = [
      ['magic', (h) => void (h[0] = 0x6b)],
      ['version 0', (h) => void (h[4] = 0)],
      ['version 2', (h) => void (h[4] = 2)],
      ['k 11', (h) => void (h[5] = 11)],
      ['k 25', (h) => void (h[5] = 25)],
      ['reserved 6', (h) => void (h[6] = 1)],
      ['reserved 7', (h) => void (h[7] = 0x80)],
      ['reserved 15', (h) => void (h[15] = 1)],
    ];
    for (const [, mutate] of variants) {
      const h = Buffer.from(good);
      mutate(h);
      expect(code(() => parseHeader(h))).toBe('bad_header');
    }
    expect(code(() => parseHeader(good.subarray(0, 15)))).toBe('bad_header');
    expect(code(() => parseHeader(Buffer.concat([good, Buffer.alloc(1)])))).toBe('bad_header');
  });
});

describe('sizes', () => {
  it('follows size = 16 + n*16 + L with n = max(1, ceil(L/S))', () => {
    const s = 4096;
    expect(encryptedSize(0, 12)).toBe(32);
    expect(encryptedSize(1, 12)).toBe(33);
    expect(encryptedSize(s, 12)).toBe(16 + 16 + s);
    expect(encryptedSize(s + 1, 12)).toBe(16 + 32 + s + 1);
    expect(encryptedSize(10 * s, 12)).toBe(16 + 160 + 10 * s);
  });

  it('plaintextSize inverts encryptedSize', () => {
    fc.assert(
      fc.property(fc.constantFrom(12, 13, 16, 24), fc.nat({ max: 2 ** 40 }), (k, length) => {
        expect(plaintextSize(encryptedSize(length, k), k)).toBe(length);
      }),
    );
  });

  it('calls impossible encrypted sizes truncated', () => {
    const sealed = 4096 + 16;
    for (const bytes of [-1, 0, 15, 16, 31, 16 + sealed + 1, 16 + sealed + 16, 16 + 2 * sealed + 5, 1.5]) {
      expect(code(() => plaintextSize(bytes, 12))).toBe('truncated');
    }
    expect(plaintextSize(32, 12)).toBe(0);
    expect(plaintextSize(16 + sealed + 17, 12)).toBe(4097);
  });

  it('rejects invalid arguments', () => {
    expect(code(() => encryptedSize(-1, 16))).toBe('bad_range');
    expect(code(() => encryptedSize(1, 30))).toBe('bad_header');
    expect(code(() => encryptedSize(2 ** 44 + 1, 12))).toBe('bad_range');
  });
});
