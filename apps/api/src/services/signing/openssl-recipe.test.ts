import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, canonicalJsonBytes } from '@kura/vault';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import { signDocument, type SignedDocument } from './signed-document.ts';
import { rotateSigningKey } from './signing-keys.ts';

// The README's recipe, run as written with the system's python3 and openssl on documents this
// code signs, and the keys this server publishes.

const ROOT = path.resolve(import.meta.dirname, '../../../../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], opts: { cwd?: string; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(opts.input);
  });
}

async function readmeRecipe(): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('### Checking a signature with openssl')[1];
  const block = section?.match(/```sh\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('README.md has no sh block under "### Checking a signature with openssl"');
  return block;
}

let h: Harness;
let recipe: string;
const dirs: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  recipe = await readmeRecipe();
});
afterAll(async () => {
  await h?.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function publishedKeysJson(): Promise<string> {
  const res = await fetch(`${h.baseUrl}/.well-known/kura-signing-keys.json`);
  expect(res.status).toBe(200);
  return res.text();
}

/** A fresh folder with the two files an agency holds, then the recipe run there. */
async function runRecipe(documentJson: string, keysJson: string): Promise<Run & { dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kura-recipe-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'document.json'), documentJson);
  await writeFile(path.join(dir, 'kura-signing-keys.json'), keysJson);
  return { ...(await run('bash', ['-e', '-o', 'pipefail', '-c', recipe], { cwd: dir })), dir };
}

const payload = {
  type: 'kura.test/v1',
  packetId: 'pkt_7f3a',
  agency: { ref: 'agency-1', name: 'さくら芸能事務所' },
  items: [
    { recordingId: 'rec_1', startMs: 0, endMs: 12_500, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { recordingId: 'rec_2', startMs: 61_000, endMs: 75_250, sha256: '0'.repeat(64) },
  ],
  note: 'Tab\there, newline\nthere, "quotes", back\\slash, control \u0001, DEL \u007f, U+2028 \u2028, emoji 😀, Ⅻ',
  bytes: 9_007_199_254_740_991,
  negative: -42,
  approved: true,
  revokedAt: null,
  zKeySortsLast: 1,
  AUpperSortsFirst: 2,
};

describe('README: checking a signature with openssl', () => {
  it('runs on an OpenSSL that verifies raw Ed25519 messages', async () => {
    const v = await run('openssl', ['version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^OpenSSL [3-9]\./);
  });

  it('verifies a document signed here with the keys published here, and fails when one byte changes', async () => {
    const doc = await signDocument(h.ctx, payload);
    const documentJson = JSON.stringify(doc, null, 2);
    const keysJson = await publishedKeysJson();

    const ok = await runRecipe(documentJson, keysJson);
    expect(ok, ok.stderr).toMatchObject({ code: 0 });
    expect(ok.stdout).toContain('Signature Verified Successfully');
    // Python's bytes are exactly ours.
    expect((await readFile(path.join(ok.dir, 'canonical.json'))).equals(canonicalJsonBytes(doc.payload))).toBe(true);

    // One byte of the payload: a digit, a letter, a multi-byte character's byte.
    const changes: Array<[string, string]> = [
      ['"endMs": 12500', '"endMs": 12501'],
      ['"pkt_7f3a"', '"pkt_7f3b"'],
      ['さくら', 'さくり'],
      ['"negative": -42', '"negative": -43'],
    ];
    for (const [from, to] of changes) {
      expect(documentJson).toContain(from);
      const bad = await runRecipe(documentJson.replace(from, to), keysJson);
      expect({ from, code: bad.code }).toEqual({ from, code: 1 });
    }
    const [from, to] = changes[0]!;
    expect((await runRecipe(documentJson.replace(from, to), keysJson)).stdout).toContain('Signature Verification Failure');

    // One byte of the signature, and of the canonical bytes, with the recipe's openssl line alone.
    const verifyLine = recipe.trim().split('\n').at(-1)!;
    expect(verifyLine).toMatch(/^openssl pkeyutl -verify/);
    const sig = await readFile(path.join(ok.dir, 'sig.bin'));
    sig[0]! ^= 0x01;
    await writeFile(path.join(ok.dir, 'sig.bin'), sig);
    expect((await run('bash', ['-c', verifyLine], { cwd: ok.dir })).code).toBe(1);
    sig[0]! ^= 0x01;
    await writeFile(path.join(ok.dir, 'sig.bin'), sig);
    expect((await run('bash', ['-c', verifyLine], { cwd: ok.dir })).code).toBe(0);
    const canonical = await readFile(path.join(ok.dir, 'canonical.json'));
    canonical[canonical.length - 2]! ^= 0x01;
    await writeFile(path.join(ok.dir, 'canonical.json'), canonical);
    expect((await run('bash', ['-c', verifyLine], { cwd: ok.dir })).code).toBe(1);
  });

  it('still verifies a document signed before a rotation, with the keys published after it', async () => {
    const old = await signDocument(h.ctx, { type: 'kura.test/v1', n: 1 });
    await rotateSigningKey(h.ctx, { actor: { type: 'system', id: 'test' } });
    const fresh = await signDocument(h.ctx, { type: 'kura.test/v1', n: 2 });
    expect(fresh.signature.keyId).not.toBe(old.signature.keyId);
    const keysJson = await publishedKeysJson();
    for (const doc of [old, fresh]) {
      const r = await runRecipe(JSON.stringify(doc), keysJson);
      expect(r, r.stderr).toMatchObject({ code: 0 });
    }
    // A signature moved onto another key's id fails.
    const swapped: SignedDocument = { ...old, signature: { ...old.signature, keyId: fresh.signature.keyId } };
    expect((await runRecipe(JSON.stringify(swapped), keysJson)).code).toBe(1);
  });

  it("Python's json module gives canonicalJson's bytes for any payload Kura will sign", async () => {
    const printableAscii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
    const key = fc.string({ unit: printableAscii, maxLength: 6 });
    const leaf = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.maxSafeInteger(), fc.boolean(), fc.constant(null));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      ),
    }));
    const canonicaliser = recipe.match(/canonical = (json\.dumps\(.*\))\n/)?.[1]?.replace("doc['payload']", 'v');
    expect(canonicaliser).toBeDefined();
    const script = `import json, sys\nfor line in sys.stdin.buffer.read().decode('utf-8').split('\\n'):\n    v = json.loads(line)\n    sys.stdout.buffer.write((${canonicaliser}).encode('utf-8') + b'\\n')\n`;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.dictionary(key, value, { maxKeys: 6 }), { minLength: 60, maxLength: 60 }), async (batch) => {
        const r = await run('python3', ['-c', script], { input: batch.map((p) => JSON.stringify(p)).join('\n') });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout.split('\n').slice(0, -1)).toEqual(batch.map((p) => canonicalJson(p)));
      }),
      { numRuns: 5 },
    );
  });
});
