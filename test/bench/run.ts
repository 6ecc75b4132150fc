// `pnpm bench`: KRV1 streaming encryption against raw AES-256-GCM over the same bytes, measured in
// the same run, printed as ratios. Not run by CI: numbers depend on the machine and its load.
import { createCipheriv, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDecryptStream, createEncryptStream, createHeader, generateDek } from '@kura/vault';

const TOTAL = 256 * 1024 * 1024;
const CHUNK = 64 * 1024;
const ROUNDS = 3;
const block = randomBytes(CHUNK);

function source(): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= TOTAL) return void this.push(null);
      sent += CHUNK;
      this.push(block);
    },
  });
}

const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

async function best(label: string, run: () => Promise<void>): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await run();
    fastest = Math.min(fastest, performance.now() - t);
  }
  const mbps = TOTAL / 1e6 / (fastest / 1000);
  console.log(`${label.padEnd(34)} ${mbps.toFixed(0).padStart(6)} MB/s`);
  return mbps;
}

async function rawGcm(): Promise<void> {
  // The baseline: one cipher over the whole stream, no segmenting, no framing.
  const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
  await pipeline(source(), new Writable({ write: (c: Buffer, _e, cb) => (cipher.update(c), cb()) }));
  cipher.final();
}

async function krv1Encrypt(k: number): Promise<void> {
  await pipeline(source(), createEncryptStream({ objectId: 'bench', dek: generateDek(), header: createHeader(k) }), sink());
}

async function krv1RoundTrip(k: number): Promise<void> {
  const dek = generateDek();
  await pipeline(
    source(),
    createEncryptStream({ objectId: 'bench', dek, header: createHeader(k) }),
    createDecryptStream({ objectId: 'bench', dek }),
    sink(),
  );
}

console.log(`${TOTAL / 1024 / 1024} MiB per run, best of ${ROUNDS}`);
const base = await best('raw AES-256-GCM (baseline)', rawGcm);
for (const k of [16, 20]) {
  const enc = await best(`KRV1 encrypt, ${2 ** (k - 10)} KiB segments`, () => krv1Encrypt(k));
  const rt = await best(`KRV1 encrypt+decrypt, ${2 ** (k - 10)} KiB`, () => krv1RoundTrip(k));
  console.log(`  ratio to baseline: encrypt ${(enc / base).toFixed(2)}, round trip ${(rt / base).toFixed(2)}`);
}
