import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createDecryptStream, createEncryptStream, createHeader, generateDek } from './index.ts';

const MiB = 2 ** 20;

/** Pseudo-random bytes from an AES-CTR keystream, made one chunk at a time, never held whole. */
async function* generate(totalBytes: number, chunkBytes: number, onChunk: (chunk: Buffer) => void) {
  const keystream = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  const zeros = Buffer.alloc(chunkBytes);
  for (let sent = 0; sent < totalBytes; sent += chunkBytes) {
    const chunk = keystream.update(zeros.subarray(0, Math.min(chunkBytes, totalBytes - sent)));
    onChunk(chunk);
    yield chunk;
  }
}

async function roundTrip(totalBytes: number, onSample: () => void): Promise<{ input: string; output: string; bytes: number }> {
  const objectId = 'stream-test';
  const dek = generateDek();
  const header = createHeader(16);
  const inputHash = createHash('sha256');
  const outputHash = createHash('sha256');
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      outputHash.update(chunk);
      bytes += chunk.length;
      callback();
    },
  });
  await pipeline(
    generate(totalBytes, MiB, (chunk) => {
      inputHash.update(chunk);
      onSample();
    }),
    createEncryptStream({ objectId, dek, header }),
    createDecryptStream({ objectId, dek, expectedHeader: header }),
    sink,
  );
  return { input: inputHash.digest('hex'), output: outputHash.digest('hex'), bytes };
}

describe('streaming', () => {
  it('encrypts and decrypts 1 GiB with bounded memory', { timeout: 180_000 }, async () => {
    await roundTrip(64 * MiB, () => {}); // warm up JIT, pools and allocator before the baseline
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const timer = setInterval(sample, 20);
    try {
      const result = await roundTrip(1024 * MiB, sample);
      expect(result.bytes).toBe(1024 * MiB);
      expect(result.output).toBe(result.input);
    } finally {
      clearInterval(timer);
    }
    sample();
    const growthMiB = (peak - baseline) / MiB;
    console.log(`RSS baseline ${(baseline / MiB).toFixed(0)} MiB, peak growth ${growthMiB.toFixed(1)} MiB`);
    expect(growthMiB).toBeLessThan(200);
  });

  it('respects backpressure from a slow consumer', async () => {
    const objectId = 'slow';
    const dek = generateDek();
    const header = createHeader(16);
    const encrypt = createEncryptStream({ objectId, dek, header });
    const decrypt = createDecryptStream({ objectId, dek });
    let maxBuffered = 0;
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(_chunk: Buffer, _encoding, callback) {
        const buffered = encrypt.readableLength + encrypt.writableLength + decrypt.readableLength + decrypt.writableLength;
        maxBuffered = Math.max(maxBuffered, buffered);
        setImmediate(callback);
      },
    });
    await pipeline(
      generate(32 * MiB, 64 * 1024, () => {}),
      encrypt,
      decrypt,
      sink,
    );
    // Each stage may hold about a high-water mark plus one segment, never the whole input.
    expect(maxBuffered).toBeLessThan(2 * MiB);
  });
});
