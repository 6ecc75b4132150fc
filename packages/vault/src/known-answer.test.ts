import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEncryptStream, createHeader, unwrapDek, wrapDek } from './index.ts';
import { chunked, run } from './test-support.ts';

// Fixed inputs. The expected bytes are computed below straight from DESIGN.md with raw
// node:crypto, independently of the stream code, and the digests are pinned so that a change
// to both (format drift) is caught too.
const DEK = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
const PREFIX = Buffer.from('a0a1a2a3a4a5a6', 'hex');
const OBJECT_ID = 'rec/01JD0000000000000000000000/original.mp4';

function plaintextOf(length: number): Buffer {
  const data = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) data[i] = (i * 31 + 7) & 0xff;
  return data;
}

/** KRV1 by the book: header, then AES-256-GCM per segment with nonce prefix||be32(i)||last. */
function referenceEncrypt(k: number, plaintext: Buffer): Buffer {
  const header = Buffer.concat([Buffer.from('KRV1', 'ascii'), Buffer.from([0x01, k, 0x00, 0x00]), PREFIX, Buffer.from([0x00])]);
  const aad = Buffer.concat([header, Buffer.from(OBJECT_ID, 'utf8')]);
  const S = 2 ** k;
  const n = Math.max(1, Math.ceil(plaintext.length / S));
  const parts = [header];
  for (let i = 0; i < n; i += 1) {
    const index = Buffer.alloc(4);
    index.writeUInt32BE(i);
    const nonce = Buffer.concat([PREFIX, index, Buffer.from([i === n - 1 ? 0x01 : 0x00])]);
    const cipher = createCipheriv('aes-256-gcm', DEK, nonce);
    cipher.setAAD(aad);
    parts.push(cipher.update(plaintext.subarray(i * S, (i + 1) * S)), cipher.final(), cipher.getAuthTag());
  }
  return Buffer.concat(parts);
}

async function streamEncrypt(k: number, plaintext: Buffer): Promise<Buffer> {
  const stream = createEncryptStream({ objectId: OBJECT_ID, dek: DEK, header: createHeader(k, PREFIX) });
  const result = await run(stream, chunked(plaintext, [1000, 1]));
  if (result.error) throw result.error;
  return result.output;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('known answers', () => {
  it('empty plaintext', async () => {
    const expected = referenceEncrypt(12, Buffer.alloc(0));
    expect((await streamEncrypt(12, Buffer.alloc(0))).toString('hex')).toBe(expected.toString('hex'));
    expect(expected.toString('hex')).toBe('4b525631010c0000a0a1a2a3a4a5a600803bf46d504121d7e2029207b14e6147');
  });

  it('"hello" in one final segment', async () => {
    const expected = referenceEncrypt(12, Buffer.from('hello'));
    expect((await streamEncrypt(12, Buffer.from('hello'))).toString('hex')).toBe(expected.toString('hex'));
    expect(expected.toString('hex')).toBe('4b525631010c0000a0a1a2a3a4a5a6001f042572d7efe05a260f44c59c0eea074fd2eb5b31');
  });

  it.each([
    [12, 2 * 4096 + 100, '2ab8b1b17a4ecc25671f5821107f126c7a8f32c32cb60e4268d860fdda7f66cf'],
    [12, 3 * 4096, 'f4f5965bb35bd82b90b5dfc8a0f4a11d270804eccd7cda01321945fd83096bd1'],
    [16, 65536 + 1, 'a569d081c90712c95296f18f1b134943954973bc36898063fdee1abb479f3a26'],
  ])('k=%i, %i bytes: multi-segment, final flag only on the last', async (k, length, digest) => {
    const plaintext = plaintextOf(length);
    const expected = referenceEncrypt(k, plaintext);
    const actual = await streamEncrypt(k, plaintext);
    expect(actual.length).toBe(expected.length);
    expect(actual.equals(expected)).toBe(true);
    expect(sha256(expected)).toBe(digest);
  });

  it('wrapped DEK = nonce(12) || GCM(KEK, nonce, "kura-dek-v1:"||objectId, DEK) || tag(16)', () => {
    const kek = Buffer.alloc(32, 0x42);
    const wrapped = wrapDek(kek, OBJECT_ID, DEK);
    expect(wrapped.length).toBe(60);
    const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
    decipher.setAAD(Buffer.from(`kura-dek-v1:${OBJECT_ID}`, 'utf8'));
    decipher.setAuthTag(wrapped.subarray(44));
    const dek = Buffer.concat([decipher.update(wrapped.subarray(12, 44)), decipher.final()]);
    expect(dek.equals(DEK)).toBe(true);

    const nonce = Buffer.alloc(12, 0x07);
    const cipher = createCipheriv('aes-256-gcm', kek, nonce);
    cipher.setAAD(Buffer.from(`kura-dek-v1:${OBJECT_ID}`, 'utf8'));
    const external = Buffer.concat([nonce, cipher.update(DEK), cipher.final(), cipher.getAuthTag()]);
    expect(unwrapDek(kek, OBJECT_ID, external).equals(DEK)).toBe(true);
  });
});
