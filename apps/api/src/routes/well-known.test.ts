import { createHash, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura } from '../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../test/support/harness.ts';
import { createApp } from '../app.ts';

interface Published {
  keys: Array<{ keyId: string; alg: string; publicKey: string; publicKeyPem: string; active: boolean; createdAt?: string }>;
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const URL_PATH = '/.well-known/kura-signing-keys.json';

async function ringFile() {
  return JSON.parse(await readFile(h.ctx.config.keyringPath, 'utf8')) as {
    keys: Record<string, string>;
    signing: { active: string; keys: Record<string, { privateKey: string; publicKey: string }> };
  };
}

/** Every spelling of every private key in the ring (signing seeds, PKCS#8, KEKs). */
async function secrets(): Promise<string[]> {
  const ring = await ringFile();
  const out = Object.values(ring.keys);
  for (const k of Object.values(ring.signing.keys)) {
    const seed = Buffer.from(k.privateKey, 'base64');
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    out.push(k.privateKey, seed.toString('hex'), seed.toString('base64url'), pkcs8.toString('base64'));
  }
  return out;
}

describe('GET /.well-known/kura-signing-keys.json', () => {
  it('answers anyone, cacheable for five minutes, with public keys whose ids anyone can recompute', async () => {
    const res = await fetch(`${h.baseUrl}${URL_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await res.json()) as Published;
    const ring = await ringFile();
    expect(body.keys).toEqual([
      {
        keyId: ring.signing.active,
        alg: 'Ed25519',
        publicKey: ring.signing.keys[ring.signing.active]!.publicKey,
        publicKeyPem: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
        active: true,
        createdAt: expect.any(String),
      },
    ]);
    const [key] = body.keys;
    const raw = Buffer.from(key!.publicKey, 'base64');
    expect(key!.keyId).toBe(`ed25519-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`);
    const fromPem = createPublicKey(key!.publicKeyPem).export({ format: 'der', type: 'spki' });
    expect(Buffer.from(fromPem.subarray(-32)).equals(raw)).toBe(true);
  });

  it('holds no private key material, and neither does the request log', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString();
        done();
      },
    });
    const app = createApp({ ...h.ctx, logger: pino({ level: 'trace' }, sink) });
    const res = await app.request(URL_PATH);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(logged).toContain(URL_PATH);
    for (const s of await secrets()) {
      expect(text).not.toContain(s);
      expect(logged).not.toContain(s);
    }
    expect(text).not.toMatch(/private/i);
  });

  it('keeps listing every earlier key after rotations done by another process', async () => {
    const first = (await ringFile()).signing.active;
    for (let i = 0; i < 2; i++) expect((await runKura(h, ['keys', 'rotate-signing'])).code).toBe(0);
    const ring = await ringFile();
    const body = (await (await fetch(`${h.baseUrl}${URL_PATH}`)).json()) as Published;
    expect(body.keys.map((k) => k.keyId)).toEqual(Object.keys(ring.signing.keys));
    expect(body.keys).toHaveLength(3);
    expect(body.keys[0]!.keyId).toBe(first);
    expect(body.keys.map((k) => k.active)).toEqual([false, false, true]);
    expect(body.keys[2]!.keyId).toBe(ring.signing.active);
    const text = JSON.stringify(body);
    for (const s of await secrets()) expect(text).not.toContain(s);
  });

  it('needs no session: a staff cookie or a bad one changes nothing', async () => {
    const res = await fetch(`${h.baseUrl}${URL_PATH}`, { headers: { cookie: 'kura_session=garbage' } });
    expect(res.status).toBe(200);
  });
});
