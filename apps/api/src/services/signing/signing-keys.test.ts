import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKura } from '../../../../../test/support/cli.ts';
import { createHarness, type Harness } from '../../../../../test/support/harness.ts';
import type { AppContext } from '../../context.ts';
import { KeyRingFile } from '../../repositories/keyring-file.ts';
import { verifyChain } from '../audit/verify-chain.ts';
import { rotateKeys } from '../keys/rotate-keys.ts';
import { publishedSigningKeys } from './published-keys.ts';
import { signDocument, verifySignedDocument } from './signed-document.ts';
import { ensureSigningKey, rotateSigningKey } from './signing-keys.ts';

const AUDIT = { actor: { type: 'system' as const, id: 'test' } };

interface RingFileJson {
  active: string;
  keys: Record<string, string>;
  signing?: { active: string; keys: Record<string, { privateKey?: string; publicKey: string; createdAt?: string }> };
}

const readRing = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as RingFileJson;

/** Every spelling of every private signing key in the ring file: what must never leak. */
async function privateSpellings(file: string): Promise<string[]> {
  const ring = await readRing(file);
  const out: string[] = [];
  for (const k of Object.values(ring.signing?.keys ?? {})) {
    if (!k.privateKey) continue;
    const seed = Buffer.from(k.privateKey, 'base64');
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    out.push(k.privateKey, seed.toString('hex'), seed.toString('base64url'), pkcs8.toString('base64'), pkcs8.toString('hex'));
  }
  expect(out.length).toBeGreaterThan(0);
  return out;
}

function expectNoPrivateMaterial(text: string, spellings: string[]): void {
  for (const s of spellings) expect(text).not.toContain(s);
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toMatch(/"privateKey"\s*:\s*"/);
}

const auditOf = (h: Harness, action: string) =>
  h.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('seq').execute();

describe('a key ring file from before signatures', () => {
  let h: Harness;
  let keyringPath: string;
  let oldRing: RingFileJson;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kura-old-ring-'));
    keyringPath = path.join(dir, 'keyring.json');
    oldRing = {
      active: 'kek-old',
      keys: { 'kek-old': randomBytes(32).toString('base64'), 'kek-older': randomBytes(32).toString('base64') },
    };
    await writeFile(keyringPath, JSON.stringify(oldRing), { mode: 0o600 });
    h = await createHarness({ keyringPath });
  });
  afterAll(async () => {
    await h?.close();
    await rm(path.dirname(keyringPath), { recursive: true, force: true });
  });

  it('gains a signing key at start: written atomically, mode 0600, KEKs untouched, audited', async () => {
    const ring = await readRing(keyringPath);
    expect(ring.active).toBe('kek-old');
    expect(ring.keys).toEqual(oldRing.keys);
    expect(Object.keys(ring.signing!.keys)).toEqual([ring.signing!.active]);
    expect(ring.signing!.active).toMatch(/^ed25519-[0-9a-f]{16}$/);
    expect((await stat(keyringPath)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(keyringPath))).toEqual(['keyring.json']); // no temp file left behind
    expect(h.ctx.keys.current().signing!.activeId).toBe(ring.signing!.active);

    const added = await auditOf(h, 'keys.signing_key_added');
    expect(added).toEqual([
      expect.objectContaining({
        actor_type: 'system',
        actor_id: 'startup',
        subject_type: 'keyring',
        subject_id: ring.signing!.active,
        details: { keyId: ring.signing!.active, previousKeyId: null },
      }),
    ]);
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });

    // The next start finds the key and adds nothing.
    expect(await ensureSigningKey(h.ctx)).toBeNull();
    expect(await readRing(keyringPath)).toEqual(ring);
  });

  it('gains exactly one when two processes open it at once', async () => {
    await writeFile(keyringPath, JSON.stringify(oldRing), { mode: 0o600 });
    // Two processes: each its own view of the file, both seeing no signing key, and both trying
    // to read the file at the same moment (each waits up to 300 ms for the other to get there).
    let arrived = 0;
    let release = () => {};
    const bothThere = new Promise<void>((resolve) => (release = resolve));
    const barrier = async () => {
      if (++arrived === 2) release();
      await Promise.race([bothThere, new Promise((resolve) => setTimeout(resolve, 300))]);
    };
    const racing = (file: KeyRingFile): KeyRingFile =>
      new Proxy(file, {
        get(target, prop) {
          if (prop === 'refresh') return async () => (await barrier(), target.refresh());
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
        },
      });
    const a = { ...h.ctx, keys: racing((await KeyRingFile.open(keyringPath, { create: false })).file) } satisfies AppContext;
    const b = { ...h.ctx, keys: racing((await KeyRingFile.open(keyringPath, { create: false })).file) } satisfies AppContext;
    expect(a.keys.current().signing).toBeNull();
    const before = (await auditOf(h, 'keys.signing_key_added')).length;
    const results = await Promise.all([ensureSigningKey(a), ensureSigningKey(b)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    const ring = await readRing(keyringPath);
    expect(Object.keys(ring.signing!.keys)).toHaveLength(1);
    expect(ring.keys).toEqual(oldRing.keys);
    // Both sign with the one key the file keeps.
    const docs = await Promise.all([signDocument(a, { type: 'test/v1' }), signDocument(b, { type: 'test/v1' })]);
    expect(docs.map((d) => d.signature.keyId)).toEqual([ring.signing!.active, ring.signing!.active]);
    expect((await auditOf(h, 'keys.signing_key_added')).length).toBe(before + 1);
  });
});

describe('a key ring file that cannot be written', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stops start-up with a message naming the file, and audits nothing', async () => {
    const file = path.join(h.dataDir, 'old-ring.json');
    await writeFile(file, JSON.stringify({ active: 'k', keys: { k: randomBytes(32).toString('base64') } }), { mode: 0o600 });
    const keys = (await KeyRingFile.open(file, { create: false })).file;
    // As a read-only mount answers (root ignores file modes, so the refusal is simulated).
    const readOnly = new Proxy(keys, {
      get(target, prop) {
        if (prop === 'replace') return () => Promise.reject(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }));
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    await expect(ensureSigningKey({ ...h.ctx, keys: readOnly })).rejects.toThrow(
      `KURA_KEYRING: ${file} has no signing key yet and one could not be added: EROFS: read-only file system`,
    );
    expect(await auditOf(h, 'keys.signing_key_added')).toEqual([]);
    expect((await readRing(file)).signing).toBeUndefined();
  });
});

describe('rotateSigningKey', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('adds a new active key, keeps every earlier one published and verifying, and KEK rotation keeps them all', async () => {
    const file = h.ctx.config.keyringPath;
    const first = (await readRing(file)).signing!;
    const oldDoc = await signDocument(h.ctx, { type: 'test/v1', n: 1 });
    expect(oldDoc.signature.keyId).toBe(first.active);

    h.advance(60_000);
    const r = await rotateSigningKey(h.ctx, AUDIT);
    expect(r).toEqual({ keyId: expect.stringMatching(/^ed25519-[0-9a-f]{16}$/), previousKeyId: first.active });
    const after = (await readRing(file)).signing!;
    expect(after.active).toBe(r.keyId);
    expect(after.keys[first.active]).toEqual(first.keys[first.active]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const newDoc = await signDocument(h.ctx, { type: 'test/v1', n: 2 });
    expect(newDoc.signature.keyId).toBe(r.keyId);
    const published = await publishedSigningKeys(h.ctx);
    expect(published.keys.map((k) => [k.keyId, k.active])).toEqual([
      [first.active, false],
      [r.keyId, true],
    ]);
    expect(verifySignedDocument(oldDoc, published)).toEqual({ ok: true, keyId: first.active, type: 'test/v1' });
    expect(verifySignedDocument(newDoc, published)).toEqual({ ok: true, keyId: r.keyId, type: 'test/v1' });

    expect((await auditOf(h, 'keys.signing_key_added')).map((e) => [e.actor_id, e.details])).toEqual([
      ['test', { keyId: r.keyId, previousKeyId: first.active }],
    ]);

    // A KEK rotation rewrites the file: the signing keys come through unchanged.
    const signingBefore = (await readRing(file)).signing;
    await rotateKeys(h.ctx, AUDIT);
    expect((await readRing(file)).signing).toEqual(signingBefore);
    expect(verifySignedDocument(oldDoc, await publishedSigningKeys(h.ctx))).toMatchObject({ ok: true });
    expect(await verifyChain(h.ctx.db)).toMatchObject({ intact: true });
  });

  it('writes no private key material to the log', async () => {
    let logged = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString();
        done();
      },
    });
    const ctx = { ...h.ctx, logger: pino({ level: 'trace' }, sink) };
    const r = await rotateSigningKey(ctx, AUDIT);
    expect(logged).toContain(r.keyId);
    expectNoPrivateMaterial(logged, await privateSpellings(h.ctx.config.keyringPath));
  });

  it('`pnpm kura keys rotate-signing` rotates the same key ring, audited, and prints no key material at log level trace', async () => {
    const before = (await readRing(h.ctx.config.keyringPath)).signing!;
    const out = await runKura(h, ['keys', 'rotate-signing'], '', { LOG_LEVEL: 'trace' });
    expect(out, out.stderr).toMatchObject({ code: 0 });
    const after = (await readRing(h.ctx.config.keyringPath)).signing!;
    expect(Object.keys(after.keys)).toEqual([...Object.keys(before.keys), after.active]);
    expect(out.stdout).toContain(`signing key ${after.active} is now active (was ${before.active}, still published)`);
    expectNoPrivateMaterial(out.stdout + out.stderr, await privateSpellings(h.ctx.config.keyringPath));
    expect((await auditOf(h, 'keys.signing_key_added')).at(-1)).toMatchObject({
      actor_type: 'system',
      actor_id: 'cli',
      details: { keyId: after.active, previousKeyId: before.active },
    });
    // This running server signs with the key the other process added.
    expect((await signDocument(h.ctx, { type: 'test/v1' })).signature.keyId).toBe(after.active);
  });
});
