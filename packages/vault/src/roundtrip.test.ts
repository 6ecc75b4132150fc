import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecryptStream, createEncryptStream, createHeader, encryptedSize, generateDek, plaintextSize } from './index.ts';
import { chunked, encrypt, run } from './test-support.ts';

/** Lengths around the interesting points for segment size 2^k, plus anything up to 5 segments. */
function lengthFor(k: number): fc.Arbitrary<number> {
  const s = 2 ** k;
  return fc.oneof(fc.constantFrom(0, 1, s - 1, s, s + 1, 2 * s - 1, 2 * s, 2 * s + 1, 3 * s), fc.nat({ max: 5 * s }));
}

const chunkSizes = fc.array(fc.integer({ min: 1, max: 9000 }), { minLength: 1, maxLength: 8 });

describe('encrypt → decrypt round trip', () => {
  it('returns the input for any length, segment size and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(12, 13, 16).chain((k) => fc.tuple(fc.constant(k), lengthFor(k))),
        chunkSizes,
        chunkSizes,
        async ([k, length], inChunks, outChunks) => {
          const plaintext = randomBytes(length);
          const sealed = await encrypt(plaintext, k, inChunks);
          expect(sealed.object.length).toBe(encryptedSize(length, k));
          expect(plaintextSize(sealed.object.length, k)).toBe(length);
          expect(sealed.object.subarray(0, 16)).toEqual(sealed.header);

          const result = await run(
            createDecryptStream({ objectId: sealed.objectId, dek: sealed.dek, expectedHeader: sealed.header }),
            chunked(sealed.object, outChunks),
          );
          expect(result.error).toBeUndefined();
          expect(result.output.equals(plaintext)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('encrypts empty input to a header and one empty final segment', async () => {
    const sealed = await encrypt(Buffer.alloc(0), 12);
    expect(sealed.object.length).toBe(32);
    const result = await run(createDecryptStream({ objectId: sealed.objectId, dek: sealed.dek }), [sealed.object]);
    expect(result.error).toBeUndefined();
    expect(result.output.length).toBe(0);
  });

  it('handles byte-at-a-time input and one huge chunk alike', async () => {
    const plaintext = randomBytes(3 * 4096 + 7);
    const a = await encrypt(plaintext, 12, [1]);
    const b = await run(createEncryptStream({ objectId: a.objectId, dek: a.dek, header: a.header }), [plaintext]);
    expect(b.output.equals(a.object)).toBe(true);
    const back = await run(createDecryptStream({ objectId: a.objectId, dek: a.dek }), chunked(a.object, [1]));
    expect(back.output.equals(plaintext)).toBe(true);
  });

  it('accepts Uint8Array chunks', async () => {
    const dek = generateDek();
    const header = createHeader(12);
    const plaintext = randomBytes(5000);
    const enc = await run(createEncryptStream({ objectId: 'x', dek, header }), [new Uint8Array(plaintext) as Buffer]);
    const dec = await run(createDecryptStream({ objectId: 'x', dek }), [enc.output]);
    expect(dec.output.equals(plaintext)).toBe(true);
  });

  it('never reuses a nonce: same plaintext, new header, different ciphertext', async () => {
    const plaintext = randomBytes(100);
    const dek = generateDek();
    const one = await run(createEncryptStream({ objectId: 'o', dek, header: createHeader(12) }), [plaintext]);
    const two = await run(createEncryptStream({ objectId: 'o', dek, header: createHeader(12) }), [plaintext]);
    expect(one.output.subarray(16).equals(two.output.subarray(16))).toBe(false);
  });

  it('rejects bad construction arguments synchronously', () => {
    expect(() => createEncryptStream({ objectId: 'o', dek: Buffer.alloc(31), header: createHeader(12) })).toThrow(
      expect.objectContaining({ code: 'bad_key' }),
    );
    expect(() => createEncryptStream({ objectId: 'o', dek: generateDek(), header: Buffer.alloc(16) })).toThrow(
      expect.objectContaining({ code: 'bad_header' }),
    );
    expect(() => createDecryptStream({ objectId: 'o', dek: Buffer.alloc(16) })).toThrow(expect.objectContaining({ code: 'bad_key' }));
  });
});
